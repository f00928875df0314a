package dev.custcode.codes;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.CodeTemplate;
import java.util.List;

/**
 * Gapless mode: new customers are created together with their numbers, atomically, so a number
 * is consumed if and only if its customer exists; no crash, retry or lost response can leave a
 * gap. The price is one read of the counter and one transaction per chunk of customers, and
 * retries when concurrent imports allocate under the same prefix.
 */
public interface GaplessNumbering {

    /**
     * Creates the pending customers (their code unset) under the next consecutive numbers of
     * {@code prefix}, in list order, each with the claims of its keys.
     *
     * @return the customers created (with codes), those left out because one of their keys
     *         belongs to another customer by now (the caller decides again for them), and those
     *         past the template's last number (the caller rejects them)
     */
    Outcome create(String prefix, List<Customer> pending, CodeTemplate template);

    /**
     * @param unnumbered the pending customers, in order, for which {@code {seq:N}} has no number
     *                   left ({@link CodeTemplate#maxSequence()} reached); nothing is written for them
     */
    record Outcome(List<Customer> created, List<Customer> leftOut, List<Customer> unnumbered) {
        public Outcome(List<Customer> created, List<Customer> leftOut) {
            this(created, leftOut, List.of());
        }
    }
}
