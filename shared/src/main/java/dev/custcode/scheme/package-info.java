/**
 * The classification scheme, a declarative JSON document: which header spellings mean which
 * field, how each dimension's rules decide its value, which dimensions make the folder path, and how
 * codes are built from the coded dimensions' letters. A scheme is parsed and validated before use,
 * every problem named by JSON path. The scheme in force is the built-in default or an operator's
 * validated upload, kept in the data bucket.
 * Entry points: {@link Scheme} (the model), {@link SchemeLoader} (parse and validate),
 * {@link SchemeRegistry} (upload, activation, the scheme in force), {@link CodeTemplate} (code
 * prefix and format).
 */
package dev.custcode.scheme;
