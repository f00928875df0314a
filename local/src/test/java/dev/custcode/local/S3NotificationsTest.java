package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class S3NotificationsTest {

    @Test
    void eventsDecodeAsTheLambdaRuntimeDecodesThem() {
        String json = S3Notifications.event(new S3Notifications.CreatedObject("custcode-local", "incoming/客户 list (1).csv", 1234,
                "0123456789abcdef0123456789abcdef", null, "ObjectCreated:Put"), "CsvUploaded", "us-east-1");
        S3Event event = LambdaEventSerializers.serializerFor(S3Event.class, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        var record = event.getRecords().get(0);
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getS3().getObject().getKey()).isEqualTo("incoming/%E5%AE%A2%E6%88%B7+list+%281%29.csv");
        assertThat(record.getS3().getObject().getUrlDecodedKey()).isEqualTo("incoming/客户 list (1).csv");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(1234);
        assertThat(record.getS3().getBucket().getName()).isEqualTo("custcode-local");
        assertThat(record.getS3().getConfigurationId()).isEqualTo("CsvUploaded");
    }
}
