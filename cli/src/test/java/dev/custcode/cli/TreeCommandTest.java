package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code custcode tree PATH} finds the folder whatever the case it is typed in. */
class TreeCommandTest {
    private static final String GROUPS = "{\"total\":3,\"children\":[{\"folder\":\"east\",\"label\":\"华东 East\",\"count\":3,\"children\":["
            + "{\"folder\":\"enterprise\",\"label\":\"企业客户 Enterprise\",\"count\":2,\"children\":[]}]}]}";

    @Test
    void aFolderTypedInUpperCaseIsItsLowerCaseSlug() throws Exception {
        // QA: "tree EAST" said "no folder EAST".
        try (StubStack stack = new StubStack((method, path, query, body) -> StubStack.Answer.json(GROUPS))) {
            StubStack.Run upper = stack.run("tree", "EAST/Enterprise");
            assertThat(upper.exit()).as(upper.err()).isZero();
            assertThat(upper.out()).startsWith("east/enterprise  企业客户 Enterprise  2");
            StubStack.Run none = stack.run("tree", "west");
            assertThat(none.exit()).isEqualTo(Main.FAILED);
            assertThat(none.err()).contains("no folder west");
        }
    }
}
