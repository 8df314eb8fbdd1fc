package dev.xlake.convert;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The EMR step: {@code spark-submit --class dev.xlake.convert.ConvertJob spark-convert.jar
 * (--manifest URI... | --input URI) --output URI [--quarantine URI] [--s3-endpoint URL]}.
 * Prints the {@link ConvertSummary} as one JSON line on stdout; exits non-zero on bad arguments or
 * a failed conversion.
 */
public final class ConvertJob {

  private ConvertJob() {
  }

  public static void main(String[] args) {
    ConvertOptions options;
    try {
      options = ConvertOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    SparkConf conf = new SparkConf().setAppName("xlake-convert");
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]"); // run with plain java: spark-submit always sets a master
    }
    try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
      ConvertSummary summary = Converter.run(spark, options);
      System.out.println(summary.toJson());
    }
  }
}
