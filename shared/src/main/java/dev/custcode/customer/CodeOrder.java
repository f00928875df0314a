package dev.custcode.customer;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/** Customers in code order across sources that are each in code order. */
public final class CodeOrder {
    private CodeOrder() {
    }

    /**
     * A lazy k-way merge: holds one customer per source, so memory does not grow with the
     * sources' lengths. {@code merge([A1, A4], [A2, F1])} yields A1, A2, A4, F1.
     */
    public static Iterator<Customer> merge(List<Iterator<Customer>> sources) {
        record Head(Customer customer, Iterator<Customer> rest) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head h) -> h.customer().code()));
        for (Iterator<Customer> s : sources) {
            if (s.hasNext()) {
                heads.add(new Head(s.next(), s));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Customer next() {
                Head h = heads.poll();
                if (h == null) {
                    throw new NoSuchElementException();
                }
                if (h.rest().hasNext()) {
                    heads.add(new Head(h.rest().next(), h.rest()));
                }
                return h.customer();
            }
        };
    }
}
