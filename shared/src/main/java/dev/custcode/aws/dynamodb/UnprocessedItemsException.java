package dev.custcode.aws.dynamodb;

/** DynamoDB kept returning unprocessed items or keys after every retry: the table is overloaded. */
public final class UnprocessedItemsException extends RuntimeException {
    public UnprocessedItemsException(String message) {
        super(message);
    }
}
