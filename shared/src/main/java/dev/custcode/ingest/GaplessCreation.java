package dev.custcode.ingest;

import dev.custcode.codes.GaplessNumbering;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.CodeTemplate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gapless numbering: each prefix's new customers are created with the counter's move, atomically. */
final class GaplessCreation implements Numbering {
    private final GaplessNumbering gapless;
    private final CodeTemplate template;

    GaplessCreation(GaplessNumbering gapless, CodeTemplate template) {
        this.gapless = gapless;
        this.template = template;
    }

    @Override
    public List<Result> create(int batch, int round, List<Customer> pending, Map<String, java.util.Set<Long>> taken) {
        Map<String, List<Customer>> byPrefix = new LinkedHashMap<>();
        pending.forEach(c -> byPrefix.computeIfAbsent(c.prefix(), p -> new ArrayList<>()).add(c));
        Map<Customer, Result> results = new IdentityHashMap<>();
        for (var e : byPrefix.entrySet()) {
            GaplessNumbering.Outcome outcome = gapless.create(e.getKey(), e.getValue(), template);
            // The outcome's customers are the pending ones with codes, in order, less those left out
            // and those past the last number.
            List<Customer> left = outcome.leftOut();
            List<Customer> unnumbered = outcome.unnumbered();
            int next = 0;
            for (Customer c : e.getValue()) {
                if (left.stream().anyMatch(l -> l == c)) {
                    results.put(c, new LostRace());
                } else if (unnumbered.stream().anyMatch(u -> u == c)) {
                    results.put(c, new NoNumbers(template.noNumbersLeft(e.getKey())));
                } else {
                    results.put(c, new Created(outcome.created().get(next++)));
                }
            }
        }
        List<Result> out = new ArrayList<>(pending.size());
        pending.forEach(c -> out.add(results.get(c)));
        return out;
    }
}
