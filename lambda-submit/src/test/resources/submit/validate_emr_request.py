#!/usr/bin/env python3
"""Validates an EMR API request body (AWS JSON 1.1) against botocore's EMR service model.

Usage: validate_emr_request.py OPERATION BODY_FILE
Exit codes: 0 valid, 1 invalid (the problems on stdout), 2 usage or setup problem.

botocore's ParamValidator checks names, types, required members and minimums; it does not check
enum values or maximum lengths, so this script walks the shape once more for those.
"""
import json
import sys

import botocore.session
from botocore.validate import ParamValidator


def extra_errors(shape, value, path):
    errors = []
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name, member_value in value.items():
            if name in shape.members:
                errors += extra_errors(shape.members[name], member_value, path + "." + name)
    elif kind == "list" and isinstance(value, list):
        maximum = shape.metadata.get("max")
        if maximum is not None and len(value) > maximum:
            errors.append(f"{path}: {len(value)} items, more than {maximum}")
        for index, item in enumerate(value):
            errors += extra_errors(shape.member, item, f"{path}[{index}]")
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            errors += extra_errors(shape.value, item, f"{path}[{key}]")
    elif kind == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            errors.append(f"{path}: {value!r} is not one of {shape.enum}")
        maximum = shape.metadata.get("max")
        if maximum is not None and len(value) > maximum:
            errors.append(f"{path}: {len(value)} characters, more than {maximum}")
    return errors


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    operation, body_file = argv[1], argv[2]
    with open(body_file, encoding="utf-8") as f:
        params = json.load(f)
    model = botocore.session.get_session().get_service_model("emr")
    input_shape = model.operation_model(operation).input_shape
    problems = []
    report = ParamValidator().validate(params, input_shape)
    if report.has_errors():
        problems.append(report.generate_report())
    problems += extra_errors(input_shape, params, operation)
    if problems:
        print("\n".join(problems))
        return 1
    print(f"valid {operation} request (EMR API {model.api_version}, botocore {botocore.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
