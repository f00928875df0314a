package dev.custcode.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** EventBridge's Scheduled Event, in the shape a Schedule event source delivers it to Lambda. */
final class ScheduledEvents {
    private ScheduledEvents() {
    }

    static String event(String ruleArn, String region) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", "Scheduled Event");
        e.put("source", "aws.events");
        e.put("account", QueueDefinition.ACCOUNT);
        e.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("region", region);
        e.putArray("resources").add(ruleArn);
        e.putObject("detail");
        return e.toString();
    }
}
