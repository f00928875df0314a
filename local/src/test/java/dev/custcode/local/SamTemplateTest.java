package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/** The local runtime reads its tables and triggers from template.yaml; these pin what it reads. */
class SamTemplateTest {
    private static SamTemplate template() throws Exception {
        return SamTemplate.read(TestStack.ROOT.resolve("template.yaml"));
    }

    @Test
    void tablesComeFromTheTemplate() throws Exception {
        List<CreateTableRequest> tables = TableDefinitions.from(template());
        assertThat(tables).extracting(CreateTableRequest::tableName)
                .containsExactlyInAnyOrder("CustomersTable", "CountersTable", "ImportsTable", "HistoryTable", "FoldersTable");
        CreateTableRequest customers = tables.stream().filter(t -> t.tableName().equals("CustomersTable")).findFirst().orElseThrow();
        assertThat(customers.keySchema().get(0).attributeName()).isEqualTo("pk");
        assertThat(customers.globalSecondaryIndexes()).extracting(GlobalSecondaryIndex::indexName).containsExactlyInAnyOrder("byFolder");
    }

    /**
     * {@code sam build} calls {@code build-<LogicalId>} in the Makefile of each function's CodeUri, and
     * .ci/run runs each such target: a function added to the template without both breaks the deploy.
     */
    @Test
    void everyFunctionHasItsSamBuildTargetAndItsCiCheck() throws Exception {
        SamTemplate t = template();
        String ci = Files.readString(TestStack.ROOT.resolve(".ci/run"));
        List<String> functions = t.resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).contains("StewardshipFunction", "IngestFunction", "ApiFunction");
        for (String id : functions) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) t.resources().get(id).get("Metadata");
            assertThat(metadata).as(id).containsEntry("BuildMethod", "makefile");
            Path makefile = t.directory().resolve(String.valueOf(t.properties(id).get("CodeUri"))).resolve("Makefile");
            assertThat(Files.readAllLines(makefile)).as(makefile.toString()).contains("build-" + id + ": function");
            assertThat(ci).as(".ci/run").containsPattern("(?m)^check_build " + id + " ");
        }
    }

    @Test
    void functionsGetTheirTriggersAndResolvedEnvironment() throws Exception {
        SamTemplate t = template();
        Intrinsics intrinsics = new Intrinsics(t, Map.of("DataBucket", "custcode-local"),
                Map.of(t.properties("DataBucket").get("BucketName"), "custcode-local"), "us-east-1");
        FunctionDefinition ingest = FunctionDefinition.from(t, intrinsics).stream()
                .filter(f -> f.logicalId().equals("IngestFunction")).findFirst().orElseThrow();
        assertThat(ingest.environment()).containsEntry("DATA_BUCKET", "custcode-local").containsEntry("CUSTOMERS_TABLE", "CustomersTable");
        assertThat(ingest.maxRetries()).isEqualTo(2);
        assertThat(ingest.handler()).endsWith("::handleRequest");
        assertThat(ingest.s3Triggers()).extracting(FunctionDefinition.S3Trigger::suffix).containsExactlyInAnyOrder(".csv", ".CSV", ".Csv", ".cSv", ".csV", ".CSv", ".cSV", ".CsV");
        for (String name : List.of("incoming/a.csv", "incoming/EXPORT.CSV", "incoming/客户 列表 (1).Csv", "incoming/x.cSV")) {
            assertThat(ingest.s3Triggers()).as(name).filteredOn(tr -> tr.matches("custcode-local", "ObjectCreated:Put", name)).hasSize(1);
        }
        FunctionDefinition.S3Trigger csv = ingest.s3Triggers().get(0);
        assertThat(csv.matches("custcode-local", "ObjectCreated:Put", "incoming/a.csv")).isTrue();
        assertThat(csv.matches("custcode-local", "ObjectCreated:CompleteMultipartUpload", "incoming/x/y.csv")).isTrue();
        assertThat(csv.matches("custcode-local", "ObjectCreated:Put", "imports/a.csv")).isFalse();
        assertThat(csv.matches("custcode-local", "ObjectRemoved:Delete", "incoming/a.csv")).isFalse();
        assertThat(csv.matches("other-bucket", "ObjectCreated:Put", "incoming/a.csv")).isFalse();
    }

    @Test
    void theSweepRunsOnTheTemplatesScheduleAndEventsKeepLambdasAgeLimit() throws Exception {
        SamTemplate t = template().withParameters(Map.of("SweepSchedule", "rate(1 minute)"));
        Intrinsics intrinsics = new Intrinsics(t, Map.of("DataBucket", "custcode-local"),
                Map.of(t.properties("DataBucket").get("BucketName"), "custcode-local"), "us-east-1");
        List<FunctionDefinition> functions = FunctionDefinition.from(t, intrinsics);
        FunctionDefinition sweep = functions.stream().filter(f -> f.logicalId().equals("SweepFunction")).findFirst().orElseThrow();
        assertThat(sweep.schedules()).containsExactly(new FunctionDefinition.ScheduleTrigger("Sweep", java.time.Duration.ofMinutes(1)));
        assertThat(sweep.maxRetries()).isZero();
        assertThat(sweep.environment()).containsEntry("SWEEP_MAX_REDRIVES", "3").containsEntry("LEASE_SECONDS", "120");
        FunctionDefinition ingest = functions.stream().filter(f -> f.logicalId().equals("IngestFunction")).findFirst().orElseThrow();
        assertThat(ingest.maxEventAgeSeconds()).isEqualTo(21_600);
        assertThat(ingest.schedules()).isEmpty();

        assertThat(FunctionDefinition.ScheduleTrigger.parse("s", "rate(10 minutes)").period()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(FunctionDefinition.ScheduleTrigger.parse("s", "rate(2 hours)").period()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(FunctionDefinition.ScheduleTrigger.parse("s", "rate(1 day)").period()).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(FunctionDefinition.ScheduleTrigger.parse("s", "cron(0 3 * * ? *)").period()).isEqualTo(java.time.Duration.ofDays(1));
    }
}
