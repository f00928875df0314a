package dev.custcode.store;

import dev.custcode.customer.Customer;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where customers live (DynamoDB in AWS and locally). Implementations are thread-safe.
 *
 * <p>Every identity key ({@code sid:…}, {@code tel:…}, {@code code:NED000042} …) belongs to at
 * most one customer: a write that would give a key to a second customer fails, as does a write
 * made from a stale read. Callers re-read and decide again.
 */
public interface CustomerStore {

    /**
     * The customers owning these keys (strongly consistent), key → customer; keys nobody owns are
     * left out. A retired customer is found by its {@code code:} key only.
     */
    Map<String, Customer> resolve(Collection<String> keys);

    /**
     * Most members a duplicate-search block holds: a name that common tells nothing. A member is its
     * code and signature ({@link dev.custcode.identity.DuplicateRules#member}, about 21 bytes), so a
     * block of up to about 45 members is one write unit and a full one two.
     */
    int BLOCK_CAP = 64;

    /**
     * The members of each of these duplicate-search blocks ({@link dev.custcode.identity.DuplicateRules#blocks}),
     * block → members (codes, signed by {@link dev.custcode.identity.DuplicateRules#member} or not: opaque
     * here); blocks nobody joined are left out.
     */
    Map<String, java.util.Set<String>> blockMembers(Collection<String> blocks);

    /**
     * Stores blocks with these members whole, block → members (callers keep each under
     * {@link #BLOCK_CAP}): for filling blocks in bulk. Two writers storing one block in the same instant
     * may leave one's members out; imports join blocks with {@link #joinBlocks}, which loses none.
     */
    void storeBlocks(Map<String, java.util.Set<String>> membersByBlock);

    /**
     * Joins members to blocks, each block at once, as one atomic change of it: {@code leaving} entries
     * taken out first (a member's entry under its former signature), then {@code joining} added, unless
     * the block already holds {@link #BLOCK_CAP} or more. Answers each block's members after the change,
     * those another import added at the same time included (so that one of two imports joining a block
     * together always sees the other); a full block left as it was is left out. Nothing joined is lost
     * to a concurrent writer.
     */
    Map<String, java.util.Set<String>> joinBlocks(Map<String, java.util.Set<String>> joining, Map<String, java.util.Set<String>> leaving);

    /**
     * Most other columns recorded: past them an export would be more columns than customers, and a few
     * files of thousands of columns would outgrow the item that records them.
     */
    int MAX_COLUMNS = 200;

    /**
     * Records the keys of other columns — ones no field of the scheme names ({@code 备注},
     * {@code Postal Code}) — that rows stored values under, key → header as written, so that exports
     * can show them. Idempotent. First come, first recorded: once {@value #MAX_COLUMNS} are, no later
     * file's columns take their places (a file of 1,500 columns would push {@code 备注} out of every export).
     *
     * @return the keys not recorded because {@value #MAX_COLUMNS} are (their values are stored; exports do not show them)
     */
    java.util.Set<String> noteColumns(Map<String, String> headerByKey);

    /** Every key {@link #noteColumns} recorded, sorted, with a header it was written as (the first recorded, in sort order). */
    java.util.SortedMap<String, String> columns();

    /**
     * Takes a code out of blocks (an erasure), with whatever signature it was stored with: nothing keeps
     * the person's code beside a hash of their name. Idempotent.
     */
    void leaveBlocks(String code, java.util.Set<String> blocks);

    /**
     * Applies each write atomically (a customer with the claims of its keys) and independently of
     * the others.
     *
     * @return the writes that were not applied, with why; empty when all were
     */
    List<Rejected> write(List<CustomerWrite> writes);

    /** A write and why it was not applied. */
    record Rejected(CustomerWrite write, Reason reason) {
    }

    /** Why a write was not applied. */
    enum Reason {
        /** The code is taken (by another customer, or by this very write applied earlier). */
        CODE_TAKEN,
        /** One of the keys belongs to another customer now. */
        KEY_TAKEN,
        /** The customer changed since it was read. */
        STALE
    }

    /** Every customer filed exactly in this folder, in code order, read lazily page by page. */
    default Iterator<Customer> folderMembers(String folder) {
        return folderMembers(folder, null);
    }

    /** The customers filed exactly in this folder whose code sorts after {@code afterCode} (all if null), in code order. */
    Iterator<Customer> folderMembers(String folder, String afterCode);

    /**
     * {@link #folderMembers(String, String)} holding at most about {@code pageSize} customers of the
     * folder in memory at a time: a merge of many folders bounds its memory by it.
     */
    default Iterator<Customer> folderMembers(String folder, String afterCode, int pageSize) {
        return folderMembers(folder, afterCode);
    }

    /**
     * Every filed (not retired) customer of one segment of the store, read lazily page by page: the
     * {@code segments} segments together hold each such customer once, so that many readers can
     * scan the whole population in parallel, each customer once. Each whole, as of some moment of
     * the scan: a write made from it is conditional on its version like any other.
     */
    Iterator<Customer> scan(int segment, int segments);

    /**
     * How many segments a whole {@link #scan} read by {@code readers} parallel readers is best split
     * into: as many as the readers, unless the store reads small segments faster.
     */
    default int scanSegments(int readers) {
        return readers;
    }

    /** How many customers are filed exactly in this folder. */
    long countFolder(String folder);

    /** The customer with this code, retired or not. */
    Optional<Customer> findByCode(String code);

    /** Up to {@code limit} customers filed exactly in this folder with a code after {@code afterCode} (null: from the start), in code order. */
    List<Customer> folderPage(String folder, String afterCode, int limit);

    /** {@link #folderPage} of each folder, in the folders' order (a store may read them side by side). */
    default List<List<Customer>> folderPages(List<String> folders, String afterCode, int limit) {
        return folders.stream().map(f -> folderPage(f, afterCode, limit)).toList();
    }
}
