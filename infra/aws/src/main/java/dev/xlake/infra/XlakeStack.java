package dev.xlake.infra;

import dev.xlake.infra.catalog.LakeCatalog;
import dev.xlake.infra.compliance.ComplianceFunction;
import dev.xlake.infra.emr.ConverterCluster;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.nag.Acknowledged;
import dev.xlake.infra.nag.CdkOwnedHandlers;
import dev.xlake.infra.ops.Alarms;
import dev.xlake.infra.schedule.DailySubmitJob;
import dev.xlake.infra.storage.DataLakeBucket;
import dev.xlake.infra.submit.SubmitFunction;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * The whole of xlake in one stack (docs/architecture.md): bucket, bearer-token secret, fetch and
 * submit functions, the compliance function and its schedules, converter cluster, the Glue
 * database of the Iceberg tables, and alarms.
 */
public final class XlakeStack extends Stack {

    public XlakeStack(Construct scope, String id, StackProps props, XlakeConfig config) {
        super(scope, id, props);
        // Server access logs are delivered under a bucket policy, not the legacy log-delivery ACL,
        // so the log bucket can keep ACLs disabled (BucketOwnerEnforced) like the others.
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        Tags.of(this).add("project", "xlake");
        Acknowledged.writeToTemplate(this);

        DataLakeBucket lake = new DataLakeBucket(this, "Lake", config);
        // One asset: the fetch and compliance handlers share the fetch jar.
        Code fetchJar = Code.fromAsset(config.fetchJar().toString());
        FetchFunction fetch = new FetchFunction(this, "Fetch", config, lake, fetchJar);
        Optional<LakeCatalog> catalog =
                config.glueCatalog() ? Optional.of(new LakeCatalog(this, "Catalog", lake)) : Optional.empty();
        ConverterCluster cluster = new ConverterCluster(this, "Converter", config, lake, catalog);
        SubmitFunction submit = new SubmitFunction(
                this,
                "Submit",
                config,
                lake,
                cluster,
                Code.fromAsset(config.submitJar().toString()));
        Alarms alarms = new Alarms(this, "Alarms", config, fetch, submit, cluster);
        new DailySubmitJob(this, "Maintenance", submit, DailySubmitJob.Daily.MAINTAIN);
        ComplianceFunction compliance =
                new ComplianceFunction(this, "Compliance", config, lake, fetch, submit, fetchJar);
        new DailySubmitJob(this, "ComplianceIds", submit, DailySubmitJob.Daily.COMPLIANCE_IDS);
        alarms.watchCompliance(compliance);

        output("BucketName", lake.bucket().getBucketName(), "The data-lake bucket");
        output(
                "BearerTokenSecretArn",
                fetch.bearerToken().getSecretArn(),
                "Set the X bearer token here: aws secretsmanager put-secret-value --secret-id <this>");
        output("FetchFunctionName", fetch.function().getFunctionName(), "The scheduled X poller");
        output(
                "ComplianceFunctionName",
                compliance.function().getFunctionName(),
                "Runs X batch compliance jobs (docs/compliance.md)");
        output("SubmitFunctionName", submit.function().getFunctionName(), "Submits a convert step per tick");
        output(
                "SubmitDeadLetterQueueUrl",
                submit.deadLetters().getQueueUrl(),
                "Manifest events that could not be submitted");
        output("EmrClusterId", cluster.clusterId(), "The cluster running the convert steps");
        output("ConverterJar", cluster.converterJarUri(), "The converter jar the steps run");
        catalog.ifPresent(c -> {
            output("GlueDatabase", c.databaseName(), "Iceberg tables; query with Athena: SELECT ... FROM xlake.tweets");
            output("TweetsTable", c.databaseName() + "." + LakeCatalog.TWEETS_TABLE, "Curated tweets (Iceberg)");
            output("UsersTable", c.databaseName() + "." + LakeCatalog.USERS_TABLE, "Curated users (Iceberg)");
        });
        alarms.topic().ifPresent(topic -> output("AlarmTopicArn", topic.getTopicArn(), "Alarm notifications"));
        CdkOwnedHandlers.acknowledge(this);
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
