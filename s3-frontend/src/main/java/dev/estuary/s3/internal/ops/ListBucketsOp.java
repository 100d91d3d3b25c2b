package dev.estuary.s3.internal.ops;

import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.s3.internal.codec.ListAllMyBucketsResultXml;
import java.util.ArrayList;
import java.util.List;

/** ListBuckets ({@code GET /}): the volumes the caller may read, in name order. */
final class ListBucketsOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Principal p = req.requirePrincipal();
    List<ListAllMyBucketsResultXml.Bucket> out = new ArrayList<>();
    for (VolumeInfo v : store.dfs().listVolumes()) {
      if (store.authorizer().allows(p, v.name(), Permission.READ)) {
        out.add(new ListAllMyBucketsResultXml.Bucket(v.name(), v.created()));
      }
    }
    return Reply.xml(ListAllMyBucketsResultXml.encode(
        Integer.toString(p.uid()), p.name(), out, store.settings().region()));
  }
}
