package dev.custcode.export;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.custcode.normalize.Values;
import dev.custcode.customer.Customer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A folder's numbers, gathered while its export reads its members: how many, the sum and average
 * of amount, profit and orders (averages over the members that have a value), how many take each
 * value of each dimension (tier mix, lifecycle mix …), and how many were created since the latest
 * re-evaluation run. Kept per leaf in an export's saved state (so a long export's numbers survive
 * its invocations) and added up for each folder above.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public final class FolderStats {
    private long count;
    private Map<String, Sum> sums = new TreeMap<>();
    private Map<String, Map<String, Long>> mix = new TreeMap<>();
    private long createdSince;

    /** The numeric fields summed: the same names in every scheme that has them. */
    static final java.util.List<String> SUMMED = java.util.List.of("amount", "profit", "orders");

    /** A field's sum over the members that have a value of it. */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
    static final class Sum {
        private BigDecimal sum = BigDecimal.ZERO;
        private long members;
    }

    /** Counts one member; {@code since} (ISO-8601, or null) is when the latest run started. */
    void add(Customer c, String since) {
        count++;
        for (String field : SUMMED) {
            String v = c.attributes().get(field);
            Optional<BigDecimal> n = v == null ? Optional.empty() : Values.parseAmount(v);
            if (n.isPresent()) {
                Sum s = sums.computeIfAbsent(field, f -> new Sum());
                s.sum = s.sum.add(n.get());
                s.members++;
            }
        }
        c.dimensions().forEach((dim, value) -> mix.computeIfAbsent(dim, d -> new TreeMap<>()).merge(value, 1L, Long::sum));
        if (since != null && c.createdAt() != null && c.createdAt().compareTo(since) > 0) {
            createdSince++;
        }
    }

    void addAll(FolderStats o) {
        count += o.count;
        o.sums.forEach((field, s) -> {
            Sum mine = sums.computeIfAbsent(field, f -> new Sum());
            mine.sum = mine.sum.add(s.sum);
            mine.members += s.members;
        });
        o.mix.forEach((dim, values) -> values.forEach((v, n) -> mix.computeIfAbsent(dim, d -> new TreeMap<>()).merge(v, n, Long::sum)));
        createdSince += o.createdSince;
    }

    long count() {
        return count;
    }

    long createdSince() {
        return createdSince;
    }

    /** As {@code _summary.json} shows it under {@code statistics} (without what changed since the latest run). */
    Summary.Statistics view() {
        // A copy: the view outlives this accumulator, which a later member would change under it.
        Map<String, Map<String, Long>> mixNow = new TreeMap<>();
        mix.forEach((dim, values) -> mixNow.put(dim, java.util.Collections.unmodifiableMap(new TreeMap<>(values))));
        return new Summary.Statistics(count, figures("amount"), figures("profit"), figures("orders"),
                java.util.Collections.unmodifiableMap(mixNow), null);
    }

    private Summary.Figures figures(String field) {
        Sum s = sums.get(field);
        return s == null ? new Summary.Figures(BigDecimal.ZERO, null, 0)
                : new Summary.Figures(plain(s.sum), s.members == 0 ? null
                        : plain(s.sum.divide(BigDecimal.valueOf(s.members), 2, RoundingMode.HALF_UP)), s.members);
    }

    /** {@code 1.5E+5} → {@code 150000}: a number JSON readers show as it is. */
    private static BigDecimal plain(BigDecimal v) {
        return new BigDecimal(v.stripTrailingZeros().toPlainString());
    }
}
