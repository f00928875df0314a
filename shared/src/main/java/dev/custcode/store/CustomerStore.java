package dev.custcode.store;

import dev.custcode.customer.Customer;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** The customer with this code (eventually consistent: a code is found a moment after its creation). */
    Optional<Customer> findByCode(String code);

    /**
     * The customers whose normalized contact of this kind equals {@code key} (several customers
     * may share a phone or an email when their identity comes from another column).
     *
     * @param kind {@code phone}, {@code email} or {@code taxId}, normalized as {@link dev.custcode.identity.IdentityKeys} does
     */
    List<Customer> findByContact(String kind, String key);

    /** Up to {@code limit} customers filed exactly in this folder with a code after {@code afterCode} (null: from the start), in code order. */
    List<Customer> folderPage(String folder, String afterCode, int limit);
}
