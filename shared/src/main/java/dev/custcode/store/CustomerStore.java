package dev.custcode.store;

import dev.custcode.customer.Customer;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Where customers live (DynamoDB in AWS and locally). Implementations are thread-safe. */
public interface CustomerStore {

    /** The stored customers for these identity keys (strongly consistent); absent keys are left out. */
    Map<String, Customer> findByIdentity(Collection<String> identityKeys);

    /**
     * Creates customers whose identity must not exist yet (a conditional write per identity).
     *
     * @return for every identity that did exist after all (another import created it meanwhile),
     *         the stored customer, so the caller can adopt its code; empty when all were created
     */
    Map<String, Customer> insertNew(Collection<Customer> customers);

    /** Replaces existing customers (attributes and folder changed; the code is kept by the caller). */
    void update(Collection<Customer> customers);

    /** Every customer filed exactly in this folder, in code order, read lazily page by page. */
    Iterator<Customer> folderMembers(String folder);

    /** How many customers are filed exactly in this folder. */
    long countFolder(String folder);
}
