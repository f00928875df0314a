package dev.custcode.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerStore.Reason;
import dev.custcode.store.CustomerWrite;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CustomerStore} does, whatever keeps it: run against the in-memory fake (a unit
 * test of the shared module) and against {@code DynamoCustomerStore} on DynamoDB Local (an
 * integration test of the local module), so that the fake the unit tests trust cannot drift from
 * the adapter the functions use.
 */
public abstract class CustomerStoreContract {
    private CustomerStore store;

    /** A store holding nothing, for one test. */
    protected abstract CustomerStore emptyStore() throws Exception;

    @BeforeEach
    void freshStore() throws Exception {
        store = emptyStore();
    }

    private static Customer customer(String code, String folder, String... keys) {
        return Customer.builder().code(code).prefix(code.substring(0, 3)).sequence(Long.parseLong(code.substring(3))).folder(folder)
                .dimensions(Map.of("region", folder.substring(0, folder.indexOf('/')))).attributes(Map.of("name", "客户 " + code))
                .stamps(Map.of("name", "000000000000001|incoming/a.csv|000000000002")).keys(List.of(keys)).version(1)
                .createdAt("2026-12-01T00:00:00Z").updatedAt("2026-12-01T00:00:00Z").first("imp1", 2).last("imp1", 2).build();
    }

    private static CustomerWrite.Update update(Customer read, Customer next, List<String> added, List<String> removed) {
        return new CustomerWrite.Update(next.toBuilder().version(read.version() + 1).build(), read.version(), added, removed);
    }

    private List<Reason> write(CustomerWrite... writes) {
        return store.write(List.of(writes)).stream().map(CustomerStore.Rejected::reason).toList();
    }

    @Test
    void aNewCustomerIsFoundByItsCodeAndByEachOfItsKeys() {
        Customer c = customer("NED000001", "north/enterprise/tier-a", "sid:C1", "tel:8613800138000");

        assertThat(write(new CustomerWrite.Create(c))).isEmpty();

        assertThat(store.findByCode("NED000001")).contains(c);
        Map<String, Customer> found = store.resolve(List.of(IdentityKeys.codeKey("NED000001"), "sid:C1", "tel:8613800138000", "sid:nobody"));
        assertThat(found).containsOnlyKeys("code:NED000001", "sid:C1", "tel:8613800138000").allSatisfy((k, v) -> assertThat(v).isEqualTo(c));
    }

    @Test
    void aCodeIsCreatedOnceAndASecondCreationOfItIsCodeTaken() {
        Customer c = customer("NED000001", "north/enterprise/tier-a", "sid:C1");
        write(new CustomerWrite.Create(c));

        assertThat(write(new CustomerWrite.Create(customer("NED000001", "north/enterprise/tier-a", "sid:C2")))).containsExactly(Reason.CODE_TAKEN);

        assertThat(store.findByCode("NED000001")).contains(c);
        assertThat(store.resolve(List.of("sid:C2"))).as("the refused creation claimed nothing").isEmpty();
    }

    @Test
    void aCreationWithAKeyOfAnotherCustomerIsKeyTakenAndWritesNothingOfIt() {
        write(new CustomerWrite.Create(customer("NED000001", "north/enterprise/tier-a", "sid:C1")));

        List<Reason> rejected = write(new CustomerWrite.Create(customer("NED000002", "north/enterprise/tier-a", "email:a@b.cn", "sid:C1")));

        assertThat(rejected).containsExactly(Reason.KEY_TAKEN);
        assertThat(store.findByCode("NED000002")).isEmpty();
        assertThat(store.resolve(List.of("email:a@b.cn"))).isEmpty();
        assertThat(store.resolve(List.of("sid:C1")).get("sid:C1").code()).isEqualTo("NED000001");
    }

    @Test
    void anUpdateAppliesOnlyFromTheVersionStoredAndMovesItsKeys() {
        Customer v1 = customer("NED000001", "north/enterprise/tier-a", "sid:C1", "tel:8613800138000");
        write(new CustomerWrite.Create(v1));
        Customer changed = v1.toBuilder().attributes(Map.of("name", "客户 renamed")).keys(List.of("sid:C1", "email:x@y.cn")).build();

        assertThat(write(update(v1, changed, List.of("email:x@y.cn"), List.of("tel:8613800138000")))).isEmpty();
        assertThat(write(update(v1, changed.toBuilder().folder("south/enterprise/tier-a").build(), List.of(), List.of())))
                .as("made from version 1 when 2 is stored").containsExactly(Reason.STALE);

        Customer stored = store.findByCode("NED000001").orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.attributes()).containsEntry("name", "客户 renamed");
        assertThat(stored.folder()).isEqualTo("north/enterprise/tier-a");
        assertThat(store.resolve(List.of("email:x@y.cn", "tel:8613800138000"))).containsOnlyKeys("email:x@y.cn");
    }

    @Test
    void anUpdateGainingAKeyAnotherCustomerHoldsIsKeyTakenAndChangesNothing() {
        Customer a = customer("NED000001", "north/enterprise/tier-a", "sid:C1");
        Customer b = customer("NED000002", "north/enterprise/tier-a", "sid:C2", "email:shared@b.cn");
        write(new CustomerWrite.Create(a), new CustomerWrite.Create(b));

        List<Reason> rejected = write(update(a, a.toBuilder().keys(List.of("sid:C1", "email:shared@b.cn")).build(), List.of("email:shared@b.cn"), List.of()));

        assertThat(rejected).containsExactly(Reason.KEY_TAKEN);
        assertThat(store.findByCode("NED000001")).contains(a);
        assertThat(store.resolve(List.of("email:shared@b.cn")).get("email:shared@b.cn").code()).isEqualTo("NED000002");
    }

    @Test
    void eachWriteOfABatchStandsAlone() {
        write(new CustomerWrite.Create(customer("NED000001", "north/enterprise/tier-a", "sid:C1")));

        List<CustomerStore.Rejected> rejected = store.write(List.of(
                new CustomerWrite.Create(customer("NED000002", "north/enterprise/tier-a", "sid:C2")),
                new CustomerWrite.Create(customer("NED000003", "north/enterprise/tier-a", "sid:C1")),
                new CustomerWrite.Create(customer("NED000004", "north/enterprise/tier-a", "sid:C4"))));

        assertThat(rejected).extracting(r -> r.write().customer().code()).containsExactly("NED000003");
        assertThat(store.resolve(List.of("sid:C2", "sid:C4"))).containsOnlyKeys("sid:C2", "sid:C4");
    }

    @Test
    void aTransferMovesKeysFromOneCustomerToTheOtherOnlyWhileTheFirstHoldsThem() {
        Customer from = customer("NED000001", "north/enterprise/tier-a", "sid:C1", "tel:8613800138000");
        Customer to = customer("NED000002", "north/enterprise/tier-a", "sid:C2");
        write(new CustomerWrite.Create(from), new CustomerWrite.Create(to));
        Customer fromAfter = from.toBuilder().keys(List.of()).retired(true).mergedInto("NED000002").version(2).build();
        Customer toAfter = to.toBuilder().keys(List.of("sid:C2", "sid:C1", "tel:8613800138000")).version(2).build();

        assertThat(write(new CustomerWrite.Transfer(toAfter, 1, fromAfter, 1, List.of("sid:C1", "tel:8613800138000")))).isEmpty();

        Map<String, Customer> found = store.resolve(List.of("sid:C1", "tel:8613800138000", "code:NED000001"));
        assertThat(found.get("sid:C1").code()).isEqualTo("NED000002");
        assertThat(found.get("tel:8613800138000").code()).isEqualTo("NED000002");
        assertThat(found.get("code:NED000001").mergedInto()).as("a retired code is still found by its code").isEqualTo("NED000002");
        assertThat(write(new CustomerWrite.Transfer(toAfter.toBuilder().version(3).build(), 2, fromAfter.toBuilder().version(3).build(), 2,
                List.of("sid:C1")))).as("the keys are no longer the first one's").containsExactly(Reason.KEY_TAKEN);
    }

    @Test
    void aRetiredCustomerIsFoundByItsCodeOnlyNeverByAKeyItStillLists() {
        Customer c = customer("NED000001", "north/enterprise/tier-a", "sid:C1");
        write(new CustomerWrite.Create(c));

        write(update(c, c.toBuilder().retired(true).build(), List.of(), List.of()));

        assertThat(store.resolve(List.of("sid:C1"))).isEmpty();
        assertThat(store.resolve(List.of("code:NED000001")).get("code:NED000001").retired()).isTrue();
    }

    @Test
    void aFoldersMembersComeInCodeOrderPageByPageAndNoOtherFoldersCustomer() {
        List<CustomerWrite> writes = new ArrayList<>();
        for (int i = 30; i >= 1; i--) {
            writes.add(new CustomerWrite.Create(customer(String.format("NED%06d", i), "north/enterprise/tier-a", "sid:N" + i)));
        }
        writes.add(new CustomerWrite.Create(customer("SED000001", "south/enterprise/tier-a", "sid:S1")));
        assertThat(store.write(writes)).isEmpty();

        List<String> all = new ArrayList<>();
        for (Iterator<Customer> it = store.folderMembers("north/enterprise/tier-a"); it.hasNext(); ) {
            all.add(it.next().code());
        }
        assertThat(all).hasSize(30).isSorted().doesNotContain("SED000001");
        assertThat(store.countFolder("north/enterprise/tier-a")).isEqualTo(30);
        assertThat(store.folderPage("north/enterprise/tier-a", "NED000010", 5)).extracting(Customer::code)
                .containsExactly("NED000011", "NED000012", "NED000013", "NED000014", "NED000015");
    }

    @Test
    void aBlockKeepsItsMembersUntilTheyLeaveIt() {
        // Members signed (code/signature) and as stored before signatures (the code alone) leave alike.
        store.storeBlocks(Map.of("n:青木贸易", Set.of("NED000001/AAECAwQFBgc", "NED000002/AAECAwQFBgc", "NED000003"),
                "d:example.com", Set.of("NED000001/AAECAwQFBgc"), "a:571", Set.of("NED000001", "NED000003")));

        store.leaveBlocks("NED000001", Set.of("n:青木贸易", "a:571", "n:nobody"));
        store.leaveBlocks("NED000003", Set.of("n:青木贸易"));

        assertThat(store.blockMembers(List.of("n:青木贸易", "d:example.com", "a:571", "n:nobody")))
                .isEqualTo(Map.of("n:青木贸易", Set.of("NED000002/AAECAwQFBgc"), "d:example.com", Set.of("NED000001/AAECAwQFBgc"),
                        "a:571", Set.of("NED000003")));
    }

    @Test
    void otherColumnsAreRecordedOnceEachWithAHeaderAndAScanMeetsCustomersOnly() {
        assertThat(store.columns()).isEmpty();
        store.noteColumns(Map.of("postalcode", "Postal Code", "备注", "备注"));
        store.noteColumns(Map.of("postalcode", "postal code", "note (2)", "note (2)"));

        assertThat(store.columns()).containsExactly(Map.entry("note (2)", "note (2)"), Map.entry("postalcode", "Postal Code"),
                Map.entry("备注", "备注"));
        write(new CustomerWrite.Create(customer("NED000001", "north/enterprise", "sid:A1")));
        assertThat(store.scan(0, 1)).toIterable().extracting(Customer::code).containsExactly("NED000001");
    }

    @Test
    void theColumnsFirstRecordedKeepTheirPlacesWhenAWideFileComes() {
        assertThat(store.noteColumns(Map.of("备注", "备注"))).isEmpty();
        Map<String, String> wide = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1500; i++) {
            wide.put("c" + i, "c" + i);
        }
        Set<String> refused = store.noteColumns(wide);

        assertThat(refused).as("the columns past the bound").hasSize(1500 - (CustomerStore.MAX_COLUMNS - 1));
        assertThat(store.columns()).hasSize(CustomerStore.MAX_COLUMNS).containsEntry("备注", "备注");
        assertThat(store.columns().keySet()).doesNotContainAnyElementsOf(refused);
        assertThat(store.noteColumns(Map.of("备注", "Notes", "postalcode", "Postal Code"))).as("a column recorded is no new one")
                .containsExactly("postalcode");
        assertThat(store.columns()).containsEntry("备注", "备注").doesNotContainKey("postalcode");
    }

    @Test
    void joiningABlockAddsToWhatIsThereAndAnswersEveryMemberAfter() {
        assertThat(store.joinBlocks(Map.of("n:青木", Set.of("NED000001/AAAA")), Map.of()))
                .containsExactly(Map.entry("n:青木", Set.of("NED000001/AAAA")));
        // Another import joins without having read the first: both stay, and it is told of the first.
        assertThat(store.joinBlocks(Map.of("n:青木", Set.of("SEP000002/BBBB")), Map.of()).get("n:青木"))
                .containsExactlyInAnyOrder("NED000001/AAAA", "SEP000002/BBBB");
        // A member under a new signature replaces its entry.
        assertThat(store.joinBlocks(Map.of("n:青木", Set.of("NED000001/CCCC")), Map.of("n:青木", Set.of("NED000001/AAAA"))).get("n:青木"))
                .containsExactlyInAnyOrder("NED000001/CCCC", "SEP000002/BBBB");
        assertThat(store.blockMembers(List.of("n:青木")).get("n:青木")).containsExactlyInAnyOrder("NED000001/CCCC", "SEP000002/BBBB");

        Set<String> full = new java.util.HashSet<>();
        for (int i = 0; i < dev.custcode.store.CustomerStore.BLOCK_CAP; i++) {
            full.add(String.format("NED%06d", i));
        }
        store.storeBlocks(Map.of("n:客户", full));
        assertThat(store.joinBlocks(Map.of("n:客户", Set.of("NED999999")), Map.of())).as("a full block is left as it is").isEmpty();
        assertThat(store.blockMembers(List.of("n:客户")).get("n:客户")).hasSize(dev.custcode.store.CustomerStore.BLOCK_CAP);
    }

    @Test
    void theSegmentsAScanIsSplitIntoHoldEachFiledCustomerOnce() {
        for (int i = 1; i <= 9; i++) {
            write(new CustomerWrite.Create(customer("NED00000" + i, i % 2 == 0 ? "north/enterprise" : "south/enterprise", "sid:S" + i,
                    "tel:86138001380" + i + i)));
        }
        store.storeBlocks(Map.of("n:客户", Set.of("NED000001", "NED000002")));

        int segments = store.scanSegments(3);
        assertThat(segments).as("a small store is split as many ways as it has readers").isEqualTo(3);
        List<String> met = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            store.scan(segment, segments).forEachRemaining(c -> met.add(c.code()));
        }
        assertThat(met).hasSize(9).doesNotHaveDuplicates().allMatch(code -> code.startsWith("NED00000"));
    }
}
