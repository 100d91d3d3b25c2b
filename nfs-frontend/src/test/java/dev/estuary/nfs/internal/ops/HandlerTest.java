package dev.estuary.nfs.internal.ops;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh engine, user store and client table per test. */
abstract class HandlerTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void openEngine() {
        h = new Harness(tmp);
    }

    @AfterEach
    void closeEngine() {
        h.close();
    }
}
