/**
 * Classification of one customer's field values along every dimension of a scheme: each
 * dimension's rules tried in order give it a group value, and the values give the folder path and
 * the code prefix. Pure and thread-safe: the same values, scheme, population thresholds and "as of"
 * date always give the same result. A cell present but not understood comes back as a warning.
 * Entry points: {@link Classifier} (classify, explain, check), {@link Classification} (values,
 * folders, prefix), {@link Population} (top-percent thresholds over every customer). The text and
 * values it reads are normalized and parsed by {@link dev.custcode.normalize}.
 */
package dev.custcode.classify;
