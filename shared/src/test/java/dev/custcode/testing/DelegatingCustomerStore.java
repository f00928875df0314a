package dev.custcode.testing;

import dev.custcode.customer.Customer;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A customer store that passes every call to another: tests override the calls they count, slow or fail. */
public class DelegatingCustomerStore implements CustomerStore {
    private final CustomerStore d;

    public DelegatingCustomerStore(CustomerStore d) {
        this.d = d;
    }

    @Override
    public Map<String, Customer> resolve(Collection<String> keys) {
        return d.resolve(keys);
    }

    @Override
    public Map<String, java.util.Set<String>> blockMembers(java.util.Collection<String> blocks) {
        return d.blockMembers(blocks);
    }

    @Override
    public void storeBlocks(Map<String, java.util.Set<String>> membersByBlock) {
        d.storeBlocks(membersByBlock);
    }

    @Override
    public Map<String, java.util.Set<String>> joinBlocks(Map<String, java.util.Set<String>> joining, Map<String, java.util.Set<String>> leaving) {
        return d.joinBlocks(joining, leaving);
    }

    @Override
    public java.util.Set<String> noteColumns(Map<String, String> headerByKey) {
        return d.noteColumns(headerByKey);
    }

    @Override
    public java.util.SortedMap<String, String> columns() {
        return d.columns();
    }

    @Override
    public void leaveBlocks(String code, java.util.Set<String> blocks) {
        d.leaveBlocks(code, blocks);
    }

    @Override
    public List<Rejected> write(List<CustomerWrite> writes) {
        return d.write(writes);
    }

    @Override
    public Iterator<Customer> folderMembers(String folder, String afterCode) {
        return d.folderMembers(folder, afterCode);
    }

    @Override
    public Iterator<Customer> scan(int segment, int segments) {
        return d.scan(segment, segments);
    }

    @Override
    public int scanSegments(int readers) {
        return d.scanSegments(readers);
    }

    @Override
    public long countFolder(String folder) {
        return d.countFolder(folder);
    }

    @Override
    public Optional<Customer> findByCode(String code) {
        return d.findByCode(code);
    }

    @Override
    public List<Customer> folderPage(String folder, String afterCode, int limit) {
        return d.folderPage(folder, afterCode, limit);
    }
}
