package dev.custcode.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.codes.CodeAllocator;
import dev.custcode.codes.GaplessNumbering;
import dev.custcode.codes.GaplessNumbering.Outcome;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.CodeTemplate;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GaplessNumbering} does: pending customers created under the next numbers of
 * their prefix in list order, with their claims, so that a number is used if and only if its
 * customer exists; those one of whose keys another customer holds left out (no number spent on
 * them), those past the template's last number left unnumbered (the counter stops there), and two
 * imports numbering one prefix at the same time leave no gap and no number twice. Run against the
 * in-memory fakes and, in {@code DynamoGaplessNumberingIT}, against DynamoDB Local.
 */
public abstract class GaplessNumberingContract {
    private static final CodeTemplate SIX = CodeTemplate.parse("{region}{seq:6}");
    private Stores stores;

    /** The numbering and the stores it writes to, all empty. */
    public record Stores(GaplessNumbering numbering, CustomerStore customers, CodeAllocator counters) {
    }

    /** Empty stores, for one test. */
    protected abstract Stores emptyStores() throws Exception;

    @BeforeEach
    void freshStores() throws Exception {
        stores = emptyStores();
    }

    private static Customer pending(String name, String... keys) {
        return Customer.builder().folder("north/a").dimensions(Map.of("region", "north")).attributes(Map.of("name", name))
                .stamps(Map.of("name", "000000000000001|incoming/a.csv|000000000002")).keys(List.of(keys)).version(1)
                .createdAt("2026-12-01T00:00:00Z").updatedAt("2026-12-01T00:00:00Z").first("imp1", 2).last("imp1", 2).build();
    }

    private static List<String> codes(List<Customer> customers) {
        return customers.stream().map(Customer::code).toList();
    }

    @Test
    void pendingCustomersTakeTheNextNumbersInOrderWithTheirClaims() {
        Outcome first = stores.numbering().create("N", List.of(pending("甲", "sid:A1"), pending("乙", "sid:A2", "tel:8613800138000")), SIX);
        Outcome second = stores.numbering().create("N", List.of(pending("丙", "sid:A3")), SIX);

        assertThat(codes(first.created())).containsExactly("N000001", "N000002");
        assertThat(codes(second.created())).containsExactly("N000003");
        assertThat(first.leftOut()).isEmpty();
        assertThat(first.unnumbered()).isEmpty();
        Map<String, Customer> found = stores.customers().resolve(List.of("sid:A2", "tel:8613800138000", "sid:A3"));
        assertThat(found.get("sid:A2").code()).isEqualTo("N000002");
        assertThat(found.get("tel:8613800138000").code()).as("claimed with the customer").isEqualTo("N000002");
        assertThat(found.get("sid:A3").attributes()).containsEntry("name", "丙");
        assertThat(stores.counters().peek("N")).isEqualTo(3);
    }

    @Test
    void aCustomerOneOfWhoseKeysIsTakenIsLeftOutAndSpendsNoNumber() {
        stores.numbering().create("N", List.of(pending("先到", "sid:H1")), SIX); // N000001 in use, the counter at 1
        Customer holder = pending("持有者", "tel:8613900139000").toBuilder().code("X000001").prefix("X").sequence(1).build();
        stores.customers().write(List.of(new CustomerWrite.Create(holder)));

        Outcome o = stores.numbering().create("N", List.of(pending("甲", "sid:B1"), pending("乙", "sid:B2", "tel:8613900139000"),
                pending("丙", "sid:B3")), SIX);

        assertThat(codes(o.created())).containsExactly("N000002", "N000003");
        assertThat(o.leftOut()).extracting(c -> c.attributes().get("name")).containsExactly("乙");
        assertThat(stores.customers().resolve(List.of("sid:B2"))).isEmpty();
        assertThat(stores.counters().peek("N")).as("no number spent on the one left out").isEqualTo(3);
    }

    @Test
    void customersPastTheLastNumberAreUnnumberedAndTheCounterStopsThere() {
        CodeTemplate one = CodeTemplate.parse("{region}{seq:1}");
        stores.numbering().create("N", IntStream.range(0, 7).mapToObj(i -> pending("客户" + i, "sid:C" + i)).toList(), one);

        Outcome o = stores.numbering().create("N", List.of(pending("甲", "sid:D1"), pending("乙", "sid:D2"), pending("丙", "sid:D3"),
                pending("丁", "sid:D4")), one);

        assertThat(codes(o.created())).containsExactly("N8", "N9");
        assertThat(o.unnumbered()).extracting(c -> c.attributes().get("name")).containsExactly("丙", "丁");
        assertThat(stores.customers().resolve(List.of("sid:D3", "sid:D4"))).isEmpty();
        assertThat(stores.counters().peek("N")).isEqualTo(9);
    }

    @Test
    void twoImportsNumberingOnePrefixAtTheSameTimeLeaveNoGapAndNoNumberTwice() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Outcome>> runs = new ArrayList<>();
            for (String run : List.of("P", "Q")) {
                runs.add(pool.submit(() -> {
                    Outcome all = new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    for (int batch = 0; batch < 5; batch++) {
                        int b = batch;
                        Outcome o = stores.numbering().create("N",
                                IntStream.range(0, 8).mapToObj(i -> pending(run + b + "-" + i, "sid:" + run + b + "-" + i)).toList(), SIX);
                        all.created().addAll(o.created());
                        all.leftOut().addAll(o.leftOut());
                    }
                    return all;
                }));
            }
            List<String> codes = new ArrayList<>();
            for (Future<Outcome> f : runs) {
                assertThat(f.get().leftOut()).isEmpty();
                codes.addAll(codes(f.get().created()));
            }
            assertThat(codes).hasSize(80).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 80).mapToObj(i -> SIX.format("N", i)).toList());
            assertThat(stores.counters().peek("N")).isEqualTo(80);
        } finally {
            pool.shutdownNow();
        }
    }
}
