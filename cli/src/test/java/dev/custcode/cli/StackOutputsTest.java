package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A DescribeStacks answer, as CloudFormation's query API sends it, read into the outputs the tool uses. */
class StackOutputsTest {
    private static final String ANSWER = """
            <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStacksResult>
                <Stacks>
                  <member>
                    <StackName>custcode</StackName>
                    <Parameters>
                      <member><ParameterKey>ChunkRows</ParameterKey><ParameterValue>50000</ParameterValue></member>
                    </Parameters>
                    <Outputs>
                      <member>
                        <Description>The HTTP API's base URL</Description>
                        <OutputKey>ApiUrl</OutputKey>
                        <OutputValue>https://abc123.execute-api.eu-west-1.amazonaws.com</OutputValue>
                      </member>
                      <member>
                        <OutputKey>DataBucketName</OutputKey>
                        <OutputValue>custcode-databucket-1x2y3z</OutputValue>
                      </member>
                      <member>
                        <OutputKey>FailedEventsQueueUrl</OutputKey>
                        <OutputValue>https://sqs.eu-west-1.amazonaws.com/123456789012/custcode-FailedEventsQueue-AbC</OutputValue>
                      </member>
                    </Outputs>
                    <StackStatus>UPDATE_COMPLETE</StackStatus>
                  </member>
                </Stacks>
              </DescribeStacksResult>
            </DescribeStacksResponse>
            """;

    @Test
    void readsEveryOutputAndNoParameter() {
        var outputs = StackOutputs.parse(ANSWER.getBytes(StandardCharsets.UTF_8));
        assertThat(outputs).containsExactly(
                java.util.Map.entry("ApiUrl", "https://abc123.execute-api.eu-west-1.amazonaws.com"),
                java.util.Map.entry("DataBucketName", "custcode-databucket-1x2y3z"),
                java.util.Map.entry("FailedEventsQueueUrl", "https://sqs.eu-west-1.amazonaws.com/123456789012/custcode-FailedEventsQueue-AbC"));
    }

    @Test
    void refusesADocumentTypeDeclaration() {
        String hostile = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertThatThrownBy(() -> StackOutputs.parse(hostile.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalStateException.class);
    }
}
