package dev.custcode.stewardship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which rows of a row file carry an erased person: a phone in any spelling, an email, a tax id, a customer id. */
class EraseNeedlesTest {
    private static final EraseService.Needles WANG = EraseService.Needles.of(Customer.builder().code("SPO000001").folder("south")
            .attributes(Map.of("name", "王小明", "phone", "+86 138 0013 8000", "email", "Wang.XM@example.com", "sourceId", "C0003"))
            .keys(List.of("sid:C0003", "tel:8613800138000")).build(), SchemeLoader.defaultScheme());

    @Test
    void aContactInAnySpellingMarksTheRow() {
        assertThat(WANG.in(List.of("7", "expected 5 fields, found 6", "C9001,朋友,138-0013-8000,x@y.cn,1,extra"))).isTrue();
        assertThat(WANG.in(List.of("2", "amount", "13800138000", "kept"))).isTrue();
        assertThat(WANG.in(List.of("3", "a conflict", "SPO000002", "sid:E300 tel:8613800138000", "E300;孙丽;13800138000"))).isTrue();
        assertThat(WANG.in(List.of("4", "reason", "wang.xm@EXAMPLE.com"))).isTrue();
        assertThat(WANG.in(List.of("5", "reason", "C0003,Someone,010-1234 5678"))).as("the customer id as a cell").isTrue();
    }

    @Test
    void othersRowsStay() {
        assertThat(WANG.in(List.of("6", "reason", "C00031,Someone,010-1234 5678"))).as("another id that starts alike").isFalse();
        // Digits of two neighbouring cells never make a phone together.
        assertThat(WANG.in(List.of("7", "reason", "R1,1380013,8000"))).isFalse();
        assertThat(WANG.in(List.of("8", "amount", "abc", "kept"))).isFalse();
    }
}
