package dev.custcode.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/** Turns the template's {@code AWS::DynamoDB::Table} resources into CreateTable requests, named by logical id. */
final class TableDefinitions {
    private TableDefinitions() {
    }

    static List<CreateTableRequest> from(SamTemplate template) {
        List<CreateTableRequest> out = new ArrayList<>();
        for (String id : template.resourcesOfType("AWS::DynamoDB::Table")) {
            out.add(request(id, template.properties(id)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static CreateTableRequest request(String name, Map<String, Object> p) {
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(list(p, "AttributeDefinitions").stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType")).build())
                        .toList())
                .keySchema(keys(list(p, "KeySchema")));
        List<Map<String, Object>> gsis = list(p, "GlobalSecondaryIndexes");
        if (!gsis.isEmpty()) {
            b.globalSecondaryIndexes(gsis.stream().map(g -> GlobalSecondaryIndex.builder()
                    .indexName((String) g.get("IndexName"))
                    .keySchema(keys((List<Map<String, Object>>) g.get("KeySchema")))
                    .projection(projection((Map<String, Object>) g.get("Projection")))
                    .build()).toList());
        }
        List<Map<String, Object>> lsis = list(p, "LocalSecondaryIndexes");
        if (!lsis.isEmpty()) {
            b.localSecondaryIndexes(lsis.stream().map(l -> LocalSecondaryIndex.builder()
                    .indexName((String) l.get("IndexName"))
                    .keySchema(keys((List<Map<String, Object>>) l.get("KeySchema")))
                    .projection(projection((Map<String, Object>) l.get("Projection")))
                    .build()).toList());
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> p, String name) {
        return (List<Map<String, Object>>) p.getOrDefault(name, List.of());
    }

    private static List<KeySchemaElement> keys(List<Map<String, Object>> schema) {
        return schema.stream().map(k -> KeySchemaElement.builder()
                .attributeName((String) k.get("AttributeName"))
                .keyType((String) k.get("KeyType")).build()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Projection projection(Map<String, Object> p) {
        Projection.Builder b = Projection.builder().projectionType((String) p.getOrDefault("ProjectionType", "ALL"));
        if (p.get("NonKeyAttributes") != null) {
            b.nonKeyAttributes((List<String>) p.get("NonKeyAttributes"));
        }
        return b.build();
    }
}
