package dev.custcode.testing;

import dev.custcode.codes.GaplessNumbering;
import dev.custcode.scheme.CodeTemplate;
import dev.custcode.customer.Customer;
import dev.custcode.store.CustomerWrite;
import java.util.ArrayList;
import java.util.List;

/** Gapless numbering: counter and customers change together, under one lock. */
public final class InMemoryGaplessNumbering implements GaplessNumbering {
    private final InMemoryCustomerStore customers;
    private final InMemoryCodeAllocator counters;

    InMemoryGaplessNumbering(InMemoryCustomerStore customers, InMemoryCodeAllocator counters) {
        this.customers = customers;
        this.counters = counters;
    }

    @Override
    public Outcome create(String prefix, List<Customer> pending, CodeTemplate template) {
        synchronized (customers) {
            List<Customer> created = new ArrayList<>();
            List<Customer> leftOut = new ArrayList<>();
            List<Customer> unnumbered = new ArrayList<>();
            for (Customer c : pending) {
                if (c.keys().stream().anyMatch(customers.owners::containsKey)) {
                    leftOut.add(c);
                    continue;
                }
                if (counters.peek(prefix) >= template.maxSequence()) {
                    unnumbered.add(c);
                    continue;
                }
                long seq = counters.reserve(prefix, 1).first();
                Customer coded = c.toBuilder().code(template.format(prefix, seq)).prefix(prefix).sequence(seq).build();
                customers.write(List.of(new CustomerWrite.Create(coded)));
                created.add(coded);
            }
            return new Outcome(created, leftOut, unnumbered);
        }
    }
}
