package dev.xlake.infra;

import dev.xlake.infra.nag.Acknowledged;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * A queue where failed events wait for whoever handles an alarm: SQS-managed encryption, TLS only,
 * messages kept 14 days (SQS's longest). Nothing consumes it, so it has no dead-letter queue of its
 * own (cdk-nag's SQS3, acknowledged with the caller's reason).
 */
public final class TerminalQueues {

    private TerminalQueues() {}

    public static Queue create(Construct scope, String id, String whyNoDeadLetterQueue) {
        Queue queue = Queue.Builder.create(scope, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Acknowledged.rule(queue, "AwsSolutions-SQS3", whyNoDeadLetterQueue);
        return queue;
    }
}
