/**
 * The customer as stored: its permanent code, its current folder and dimensions, the field values
 * merged from every file with the stamp of the write that set each, and the identity keys it is
 * recognized by. Also the fields derived before classification, how personal data is masked for
 * callers not granted it, and the size estimate that keeps an item under DynamoDB's limit.
 * Entry points: {@link Customer} (the record and its builder), {@link PersonalData} (masking),
 * {@link CustomerFields} (derived fields), {@link ItemSize} (the item size estimate).
 */
package dev.custcode.customer;
