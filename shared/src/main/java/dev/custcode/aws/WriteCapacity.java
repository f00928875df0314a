package dev.custcode.aws;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts this process's DynamoDB write requests and the write units DynamoDB says they consumed:
 * every write asks for {@code ReturnConsumedCapacity: TOTAL} (unless it asked for more), and
 * the answers are summed. Lambda runs one invocation at a time per process, so the difference of
 * two {@link #snapshot}s taken around an invocation is that invocation's (see
 * {@link FunctionLogging}). DynamoDB Local reports units too, for the table's part of a write.
 */
public final class WriteCapacity implements ExecutionInterceptor {
    private static final AtomicLong REQUESTS = new AtomicLong();
    /** Hundredths of a unit: DynamoDB reports units as decimals. */
    private static final AtomicLong CENTI_UNITS = new AtomicLong();

    /** Requests and units so far; {@code unitsReported} is whether any answer carried consumed capacity. */
    public record Snapshot(long requests, double units, boolean unitsReported) {
        public Snapshot since(Snapshot earlier) {
            return new Snapshot(requests - earlier.requests, units - earlier.units, unitsReported);
        }
    }

    private static volatile boolean reported;

    public static Snapshot snapshot() {
        return new Snapshot(REQUESTS.get(), CENTI_UNITS.get() / 100.0, reported);
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof UpdateItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof DeleteItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof BatchWriteItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof TransactWriteItemsRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        if (response instanceof PutItemResponse r) {
            count(r.consumedCapacity());
        } else if (response instanceof UpdateItemResponse r) {
            count(r.consumedCapacity());
        } else if (response instanceof DeleteItemResponse r) {
            count(r.consumedCapacity());
        } else if (response instanceof BatchWriteItemResponse r) {
            count(r.hasConsumedCapacity() ? r.consumedCapacity() : List.of());
        } else if (response instanceof TransactWriteItemsResponse r) {
            count(r.hasConsumedCapacity() ? r.consumedCapacity() : List.of());
        }
    }

    private static void count(ConsumedCapacity capacity) {
        count(capacity == null ? List.of() : List.of(capacity));
    }

    private static void count(List<ConsumedCapacity> capacities) {
        REQUESTS.incrementAndGet();
        for (ConsumedCapacity c : capacities) {
            if (c.capacityUnits() != null) {
                reported = true;
                CENTI_UNITS.addAndGet(Math.round(c.capacityUnits() * 100));
            }
        }
    }
}
