package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The template's alarms cover what an operator must hear of: every dead-letter queue and on-failure
 * destination holding a message, every function's errors and throttles; each within CloudWatch's
 * limit of 10 metrics per metric-math alarm, and notifying the optional topic.
 */
class AlarmsTest {
    private static final SamTemplate TEMPLATE = TestStack.template();

    /** Every metric an alarm reads, as "Namespace/MetricName/resource". */
    @SuppressWarnings("unchecked")
    private static Set<String> watched() {
        Set<String> out = new HashSet<>();
        for (String alarm : TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm")) {
            for (Map<String, Object> query : (List<Map<String, Object>>) TEMPLATE.properties(alarm).get("Metrics")) {
                Map<String, Object> stat = (Map<String, Object>) query.get("MetricStat");
                if (stat == null) {
                    continue;
                }
                Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
                for (Map<String, Object> d : (List<Map<String, Object>>) metric.get("Dimensions")) {
                    out.add(metric.get("Namespace") + "/" + metric.get("MetricName") + "/" + resource(d.get("Value")));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String resource(Object value) {
        if (value instanceof Map<?, ?> m && m.containsKey("Ref")) {
            return (String) m.get("Ref");
        }
        if (value instanceof Map<?, ?> m && m.containsKey("Fn::GetAtt")) {
            return ((List<String>) m.get("Fn::GetAtt")).get(0);
        }
        return String.valueOf(value);
    }

    /** Queues named as a redrive target or an on-failure destination anywhere in the template. */
    @SuppressWarnings("unchecked")
    private static void deadLetterQueues(Object node, Set<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("deadLetterTargetArn".equals(k)) {
                    out.add(resource(v));
                } else if ("OnFailure".equals(k) && v instanceof Map<?, ?> onFailure) {
                    out.add(resource(onFailure.get("Destination")));
                }
                deadLetterQueues(v, out);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(v -> deadLetterQueues(v, out));
        }
    }

    @Test
    void everyDeadLetterQueueIsWatched() {
        Set<String> queues = new HashSet<>();
        deadLetterQueues(TEMPLATE.resources(), queues);
        assertThat(queues).containsExactlyInAnyOrder("FailedEventsQueue", "ChunksDeadLetterQueue", "ExportsDeadLetterQueue");
        Set<String> watched = watched();
        for (String q : queues) {
            assertThat(watched).contains("AWS/SQS/ApproximateNumberOfMessagesVisible/" + q);
        }
    }

    @Test
    void everyFunctionsErrorsAndThrottlesAreWatched() {
        List<String> functions = TEMPLATE.resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).hasSizeGreaterThanOrEqualTo(11);
        Set<String> watched = watched();
        for (String f : functions) {
            assertThat(watched).as(f).contains("AWS/Lambda/Errors/" + f, "AWS/Lambda/Throttles/" + f);
        }
        assertThat(watched).contains("AWS/ApiGateway/5xx/CustcodeApi");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachAlarmReadsAtMostTenMetricsAndNotifiesTheOptionalTopic() {
        List<String> alarms = TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm");
        assertThat(alarms).isNotEmpty();
        for (String alarm : alarms) {
            Map<String, Object> p = TEMPLATE.properties(alarm);
            List<Map<String, Object>> metrics = (List<Map<String, Object>>) p.get("Metrics");
            assertThat(metrics.stream().filter(m -> m.containsKey("MetricStat")).count()).as(alarm).isBetween(1L, 10L);
            assertThat(metrics.stream().filter(m -> Boolean.TRUE.equals(m.get("ReturnData"))).count()).as(alarm).isEqualTo(1);
            for (String action : List.of("AlarmActions", "OKActions")) {
                List<Object> branches = (List<Object>) ((Map<String, Object>) p.get(action)).get("Fn::If");
                assertThat(branches.get(0)).isEqualTo("HasAlarmTopic");
                assertThat((List<Object>) branches.get(1)).containsExactly(Map.of("Ref", "AlarmTopicArn"));
            }
        }
        assertThat(TEMPLATE.parameters()).containsKey("AlarmTopicArn");
        assertThat(new ArrayList<>(alarms)).contains("FailedEventsAlarm", "FunctionErrorsAlarm", "FunctionThrottlesAlarm", "ApiErrorsAlarm");
    }
}
