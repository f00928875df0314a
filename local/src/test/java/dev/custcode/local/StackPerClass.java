package dev.custcode.local;

import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local stack for a test class, started before its first test and stopped after its last:
 * {@code @RegisterExtension static final StackPerClass STACK = new StackPerClass();}, or with
 * another template and configuration: {@code new StackPerClass(template, c -> c.withTimeout("F", 2))}.
 */
final class StackPerClass implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<Path> template;
    private final UnaryOperator<LocalRuntime.Config> configure;
    private TestStack stack;

    /** The product's stack. */
    StackPerClass() {
        this(() -> TestStack.ROOT.resolve("template.yaml"), UnaryOperator.identity());
    }

    /** @param template found when the class's tests start (a test resource, say) */
    StackPerClass(Supplier<Path> template, UnaryOperator<LocalRuntime.Config> configure) {
        this.template = template;
        this.configure = configure;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stack = TestStack.start(template.get(), configure);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    TestStack get() {
        return stack;
    }
}
