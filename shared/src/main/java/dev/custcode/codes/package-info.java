/**
 * The ports that number customer codes. By default sequence numbers are reserved in blocks, one
 * counter update per prefix per batch: a crash or a lost response can leave a gap, never give a
 * number twice. A scheme may ask for gapless numbering instead, where a number is consumed only
 * together with its customer's creation. The implementations are in {@code dev.custcode.aws.dynamodb}.
 * Entry points: {@link CodeAllocator} (blocks of numbers), {@link CodeBlock} (one reserved range),
 * {@link GaplessNumbering} (numbers and customers created in one transaction).
 */
package dev.custcode.codes;
