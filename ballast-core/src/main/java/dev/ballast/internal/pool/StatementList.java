package dev.ballast.internal.pool;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The driver's statements a borrower has open on one connection, so that the pool can close the ones left open when
 * the connection is returned. It holds the driver's statements, never the pool's views of them: a view that nothing
 * the pool keeps refers to, used only inside the borrower's method, can be optimised away by the JIT (escape
 * analysis) instead of allocated. An array that grows and is reused for the connection's life: no allocation per
 * borrow.
 * Removal scans from the end, where the most recently created (and usually first closed) statement sits. Confined
 * to the entry's owner.
 */
final class StatementList {

    private Statement[] items = new Statement[8];
    private int size;

    void add(Statement s) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = s;
    }

    void remove(Statement s) {
        for (int i = size - 1; i >= 0; i--) {
            if (items[i] == s) {
                System.arraycopy(items, i + 1, items, i, size - i - 1);
                items[--size] = null;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    /**
     * Closes every statement still open and empties the list.
     *
     * @return the first error a close raised, or {@code null}
     */
    SQLException closeAll() {
        SQLException first = null;
        for (int i = size - 1; i >= 0; i--) {
            Statement s = items[i];
            items[i] = null;
            try {
                s.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        size = 0;
        return first;
    }
}
