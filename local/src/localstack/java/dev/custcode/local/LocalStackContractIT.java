package dev.custcode.local;

import cloud.localstack.Localstack;
import cloud.localstack.ServiceName;
import cloud.localstack.docker.LocalstackDockerExtension;
import cloud.localstack.docker.annotation.LocalstackDockerProperties;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link BackendContract} against LocalStack's S3, DynamoDB and SQS, started in Docker by
 * localstack-utils. Only in the Maven profile {@code localstack}
 * ({@code mvn -pl local -am -Plocalstack verify -Dit.test=LocalStackContractIT}); where Docker is
 * not available the class is skipped, saying so (the condition is evaluated before the extension
 * would try to start a container).
 */
@EnabledIf(value = "dockerAvailable", disabledReason = "Docker is not available: LocalStack runs in Docker (install Docker, or run LocalServersContractIT)")
@ExtendWith(LocalstackDockerExtension.class)
@LocalstackDockerProperties(services = {ServiceName.S3, ServiceName.DYNAMO, ServiceName.SQS})
class LocalStackContractIT extends BackendContract {

    static boolean dockerAvailable() {
        try {
            Process p = new ProcessBuilder("docker", "info").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok) {
                System.out.println("LocalStackContractIT: skipped: `docker info` failed (Docker is not running here)");
            }
            return ok;
        } catch (java.io.IOException e) {
            System.out.println("LocalStackContractIT: skipped: no docker command (" + e.getMessage() + ")");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    protected Backend backend() {
        return new Backend(URI.create(Localstack.INSTANCE.getEndpointS3()), URI.create(Localstack.INSTANCE.getEndpointDynamoDB()),
                URI.create(Localstack.INSTANCE.getEndpointSQS()));
    }
}
