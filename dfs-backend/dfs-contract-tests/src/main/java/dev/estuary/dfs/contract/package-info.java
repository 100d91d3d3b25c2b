/**
 * The contract test suite of the backend API: abstract JUnit 5 classes, one per area, that every
 * {@link dev.estuary.dfs.DfsProvider} implementation runs by subclassing each of them in its own
 * test sources and supplying {@link dev.estuary.dfs.contract.DfsContractSupport#provider()} (and,
 * if needed, {@link dev.estuary.dfs.contract.DfsContractSupport#options()}):
 *
 * <pre>{@code
 * class EngineRenameTest extends RenameContract {
 *   @Override
 *   protected DfsProvider provider() {
 *     return new EngineProvider();
 *   }
 * }
 * }</pre>
 *
 * <p>The areas: {@link dev.estuary.dfs.contract.VolumeContract}, {@link
 * dev.estuary.dfs.contract.NamespaceContract}, {@link dev.estuary.dfs.contract.NameContract},
 * {@link dev.estuary.dfs.contract.PathContract}, {@link dev.estuary.dfs.contract.AttributeContract},
 * {@link dev.estuary.dfs.contract.ChangeCounterContract}, {@link
 * dev.estuary.dfs.contract.RenameContract}, {@link
 * dev.estuary.dfs.contract.RenameConcurrencyContract}, {@link
 * dev.estuary.dfs.contract.UnlinkedObjectContract}, {@link dev.estuary.dfs.contract.FileIoContract},
 * {@link dev.estuary.dfs.contract.SparseFileContract}, {@link
 * dev.estuary.dfs.contract.CopyTransferContract}, {@link dev.estuary.dfs.contract.ReaddirContract},
 * {@link dev.estuary.dfs.contract.ReaddirCursorContract}, {@link
 * dev.estuary.dfs.contract.XattrContract}, {@link dev.estuary.dfs.contract.ConcurrencyContract},
 * {@link dev.estuary.dfs.contract.RestartContract}, {@link dev.estuary.dfs.contract.CrashContract}
 * (a child JVM killed with SIGKILL; the provider must be found by {@link java.util.ServiceLoader}),
 * {@link dev.estuary.dfs.contract.FsckContract}, {@link dev.estuary.dfs.contract.ProviderContract}
 * and {@link dev.estuary.dfs.contract.CapabilityContract}.
 *
 * <p>The expectations come from the Javadoc of {@code dev.estuary.dfs}; where it allows a choice
 * of error kinds, the tests accept exactly those. Optional facets are tested when {@link
 * dev.estuary.dfs.Dfs#capabilities()} advertises them, and tested for {@link
 * dev.estuary.dfs.ErrorKind#UNSUPPORTED} when it does not.
 */
@NullMarked
package dev.estuary.dfs.contract;

import org.jspecify.annotations.NullMarked;
