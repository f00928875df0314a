package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SqsEventsTest {
    private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:q";

    private static SQSEvent decode(String json) {
        return LambdaEventSerializers.serializerFor(SQSEvent.class, SqsEventsTest.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theEventDecodesAsTheJavaRuntimeDecodesLambdasSqsEvent() {
        Message m = Message.builder().messageId("m-1").receiptHandle("rh-1").body("{\"a\":1} 你好").md5OfBody("md5b")
                .md5OfMessageAttributes("md5a")
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2", MessageSystemAttributeName.SENT_TIMESTAMP,
                        "1700000000000", MessageSystemAttributeName.SENDER_ID, "127.0.0.1",
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1700000000001"))
                .messageAttributes(Map.of(
                        "kind", MessageAttributeValue.builder().dataType("String").stringValue("x").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("hi")).build()))
                .build();

        String json = SqsEvents.event(List.of(m), ARN, "us-east-1");
        SQSEvent.SQSMessage r = decode(json).getRecords().get(0);

        assertThat(r.getMessageId()).isEqualTo("m-1");
        assertThat(r.getReceiptHandle()).isEqualTo("rh-1");
        assertThat(r.getBody()).isEqualTo("{\"a\":1} 你好");
        assertThat(r.getMd5OfBody()).isEqualTo("md5b");
        assertThat(r.getMd5OfMessageAttributes()).isEqualTo("md5a");
        assertThat(r.getEventSource()).isEqualTo("aws:sqs");
        assertThat(r.getEventSourceArn()).isEqualTo(ARN);
        assertThat(r.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(r.getAttributes()).containsOnly(Map.entry("ApproximateReceiveCount", "2"), Map.entry("SentTimestamp", "1700000000000"),
                Map.entry("SenderId", "127.0.0.1"), Map.entry("ApproximateFirstReceiveTimestamp", "1700000000001"));
        assertThat(r.getMessageAttributes().get("kind").getStringValue()).isEqualTo("x");
        assertThat(r.getMessageAttributes().get("kind").getDataType()).isEqualTo("String");
        assertThat(StandardCharsets.UTF_8.decode(r.getMessageAttributes().get("blob").getBinaryValue()).toString()).isEqualTo("hi");
        // Lambda's field names, exactly.
        assertThat(json).contains("\"eventSourceARN\":", "\"md5OfBody\":", "\"messageAttributes\":", "\"stringListValues\":[]");
    }

    @Test
    void batchResponsesNameTheFailedMessagesOrFailTheWholeBatch() {
        Set<String> batch = Set.of("a", "b");
        assertThat(SqsEvents.batchItemFailures("{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}", batch)).contains(Set.of("b"));
        assertThat(SqsEvents.batchItemFailures("{\"batchItemFailures\":[]}", batch)).contains(Set.of());
        assertThat(SqsEvents.batchItemFailures("null", batch)).as("a handler returning nothing").contains(Set.of());
        assertThat(SqsEvents.batchItemFailures("", batch)).contains(Set.of());
        // As Lambda: an identifier that is empty, missing or not in the batch fails the whole batch.
        assertThat(SqsEvents.batchItemFailures("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}", batch)).isEmpty();
        assertThat(SqsEvents.batchItemFailures("{\"batchItemFailures\":[{\"itemIdentifier\":\"zz\"}]}", batch)).isEmpty();
        assertThat(SqsEvents.batchItemFailures("{\"batchItemFailures\":[{}]}", batch)).isEmpty();
    }
}
