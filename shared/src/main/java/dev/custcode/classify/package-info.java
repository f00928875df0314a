/**
 * Classification of one customer's field values along every dimension of a scheme: each
 * dimension's rules tried in order give it a group value, and the values give the folder path and
 * the code prefix. Pure and thread-safe: the same values, scheme, population thresholds and "as of"
 * date always give the same result. Cell text normalization and the lenient parsing of amounts,
 * counts and dates are here too; a cell present but not understood comes back as a warning.
 * Entry points: {@link Classifier} (classify, explain, check), {@link Classification} (values,
 * folders, prefix), {@link Values} (lenient amounts, counts and dates), {@link Population}
 * (top-percent thresholds over every customer).
 */
package dev.custcode.classify;
