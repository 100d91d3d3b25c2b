package dev.estuary.bench.smb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers of smbtorture's figures, on output captured from smbtorture 4.17 against Samba. */
class TortureTest {
  @Test
  void perSecondFiguresPerOperationKind() {
    Torture.Figures f = Torture.parse("""
        Opened 4 connections with qdepth=1 => 4 loops
        Running for 2 seconds
        1.00 second: open[num/s=1750,avslat=0.001273,minlat=0.000122,maxlat=0.027793] \
        close[num/s=1749,avslat=0.001072,minlat=0.000068,maxlat=0.032354]     2.00 second: \
        open[num/s=2194,avslat=0.000932,minlat=0.000142,maxlat=0.103128] \
        close[num/s=2193,avslat=0.000891,minlat=0.000093,maxlat=0.103099]
        2.00 seconds
        success: path-contention-shared
        """);
    assertThat(f.counts()).containsOnlyKeys("open", "close");
    assertThat(f.counts().get("open")).containsExactly(1750L, 2194L);
    assertThat(f.counts().get("close")).containsExactly(1749L, 2193L);
    assertThat(f.latencies().get("open")).containsExactly(0.001273, 0.000932);
    assertThat(Torture.runningRate("no figure here")).isNaN();
  }

  @Test
  void runningRateIsTheLastFigure() {
    String text = String.join("\n", List.of("Running for 1 seconds", "1002.78 ops/second", "996.76 ops/second",
        "981.32 ops/second", "time: 2026-12-07 00:44:08.346112", "success: oplock1"));
    assertThat(Torture.runningRate(text)).isEqualTo(981.32);
    assertThat(Torture.parse(text).counts()).isEmpty();
  }
}
