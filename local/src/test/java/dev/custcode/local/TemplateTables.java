package dev.custcode.local;

import java.io.IOException;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** The template's table definitions, for benchmarks and adapter tests that need a table shaped like one of them. */
public final class TemplateTables {
    private TemplateTables() {
    }

    /** The customers table's definition from template.yaml (found from the working directory), under another name. */
    public static CreateTableRequest customersTableNamed(String name) throws IOException {
        return named("CustomersTable", name);
    }

    /** The definition of the template's table {@code logicalId}, under another name. */
    public static CreateTableRequest named(String logicalId, String name) throws IOException {
        Path template = Path.of("template.yaml");
        if (!template.toFile().exists()) {
            template = Path.of("..", "template.yaml");
        }
        SamTemplate t = SamTemplate.read(template);
        return TableDefinitions.request(name, t.properties(logicalId));
    }
}
