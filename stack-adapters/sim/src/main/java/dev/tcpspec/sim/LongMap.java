package dev.tcpspec.sim;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A hash map from {@code long} keys to values with open addressing and no boxing: the connection and 4-tuple tables
 * of the reference stack, which a port-exhaustion run fills with tens of thousands of entries. Iteration order
 * depends only on the keys and the order of insertions and removals, never on identity hashes: runs stay
 * deterministic.
 */
final class LongMap<V> {
    private static final long EMPTY = Long.MIN_VALUE;
    private static final long REMOVED = Long.MIN_VALUE + 1;

    private long[] keys;
    private Object[] values;
    private int size;
    private int used; // live entries plus tombstones

    LongMap() {
        keys = new long[16];
        Arrays.fill(keys, EMPTY);
        values = new Object[16];
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) return (V) values[i];
            if (k == EMPTY) return null;
        }
    }

    /** Associates {@code value} with {@code key}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (key == EMPTY || key == REMOVED) throw new IllegalArgumentException("reserved key " + key);
        if ((used + 1) * 4 >= keys.length * 3) rehash(size * 4 >= keys.length ? keys.length * 2 : keys.length);
        int mask = keys.length - 1;
        int tomb = -1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            if (k == REMOVED && tomb < 0) tomb = i;
            if (k == EMPTY) {
                int at = tomb >= 0 ? tomb : i;
                if (tomb < 0) used++;
                keys[at] = key;
                values[at] = value;
                size++;
                return null;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                V old = (V) values[i];
                keys[i] = REMOVED;
                values[i] = null;
                size--;
                return old;
            }
            if (k == EMPTY) return null;
        }
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
        Arrays.fill(values, null);
        size = 0;
        used = 0;
    }

    /** Every value, in table order. The action must not change the map. */
    @SuppressWarnings("unchecked")
    void forEach(Consumer<V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY && keys[i] != REMOVED) action.accept((V) values[i]);
        }
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new Object[capacity];
        size = 0;
        used = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY && oldKeys[i] != REMOVED) {
                @SuppressWarnings("unchecked") V v = (V) oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
