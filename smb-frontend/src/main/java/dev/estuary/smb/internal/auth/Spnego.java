package dev.estuary.smb.internal.auth;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.NtStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERGeneralString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.jspecify.annotations.Nullable;

/**
 * The SPNEGO tokens SMB uses (RFC 4178 §4.2; [MS-SPNG] 2.2): the initial token (GSS-API framing
 * {@code [APPLICATION 0] { OID spnego, [0] NegTokenInit }}, RFC 2743 §3.1), NegTokenInit and NegTokenResp.
 * DER via BouncyCastle's ASN.1 classes; input is bounded by the SMB security buffer (64 KiB) and parsed
 * with a length limit so a hostile length cannot make the parser allocate.
 */
public final class Spnego {
  private Spnego() {}

  /** 1.3.6.1.5.5.2. */
  public static final ASN1ObjectIdentifier SPNEGO = new ASN1ObjectIdentifier("1.3.6.1.5.5.2");
  /** NTLMSSP 1.3.6.1.4.1.311.2.2.10. */
  public static final ASN1ObjectIdentifier NTLMSSP = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.2.10");
  /** negState accept-completed. */
  public static final int ACCEPT_COMPLETED = 0;
  /** negState accept-incomplete. */
  public static final int ACCEPT_INCOMPLETE = 1;
  /** negState reject. */
  public static final int REJECT = 2;
  private static final int MAX_TOKEN = 0xFFFF;

  /**
   * NegTokenInit.
   *
   * @param mechTypes mechTypes (OIDs, dotted)
   * @param mechTypesDer the DER of the mechTypes sequence exactly as received (what mechListMIC covers)
   * @param mechToken mechToken, or null
   * @param mechListMic mechListMIC, or null
   */
  public record NegTokenInit(List<String> mechTypes, Bytes mechTypesDer, @Nullable Bytes mechToken,
      @Nullable Bytes mechListMic) {
    /** Copies the list. */
    public NegTokenInit {
      mechTypes = List.copyOf(mechTypes);
      Objects.requireNonNull(mechTypesDer, "mechTypesDer");
    }
  }

  /**
   * NegTokenResp.
   *
   * @param negState negState, or -1 when absent
   * @param supportedMech supportedMech (dotted), or null
   * @param responseToken responseToken, or null
   * @param mechListMic mechListMIC, or null
   */
  public record NegTokenResp(int negState, @Nullable String supportedMech, @Nullable Bytes responseToken,
      @Nullable Bytes mechListMic) {
    /** Encodes it as {@code [1] NegTokenResp}. */
    public Bytes encode() {
      ASN1EncodableVector v = new ASN1EncodableVector();
      if (negState >= 0) {
        v.add(new DERTaggedObject(true, 0, new ASN1Enumerated(negState)));
      }
      if (supportedMech != null) {
        v.add(new DERTaggedObject(true, 1, new ASN1ObjectIdentifier(supportedMech)));
      }
      if (responseToken != null) {
        v.add(new DERTaggedObject(true, 2, new DEROctetString(responseToken.toArray())));
      }
      if (mechListMic != null) {
        v.add(new DERTaggedObject(true, 3, new DEROctetString(mechListMic.toArray())));
      }
      return der(new DERTaggedObject(true, 1, new DERSequence(v)));
    }
  }

  /**
   * The server's initial token for the NEGOTIATE response (NegTokenInit2 of [MS-SPNG] 2.2.1 with the mech
   * list and the customary negHints "not_defined_in_RFC4178@please_ignore").
   */
  public static Bytes negTokenInit2(List<ASN1ObjectIdentifier> mechs) {
    ASN1EncodableVector inner = new ASN1EncodableVector();
    inner.add(new DERTaggedObject(true, 0, new DERSequence(mechs.toArray(new ASN1Encodable[0]))));
    inner.add(new DERTaggedObject(true, 3, new DERSequence(new DERTaggedObject(true, 0,
        new DERGeneralString("not_defined_in_RFC4178@please_ignore")))));
    return initialToken(new DERSequence(inner));
  }

  /** A client's initial token carrying {@code mechToken} (clients; tests). */
  public static Bytes negTokenInit(List<ASN1ObjectIdentifier> mechs, Bytes mechToken) {
    ASN1EncodableVector inner = new ASN1EncodableVector();
    inner.add(new DERTaggedObject(true, 0, new DERSequence(mechs.toArray(new ASN1Encodable[0]))));
    inner.add(new DERTaggedObject(true, 2, new DEROctetString(mechToken.toArray())));
    return initialToken(new DERSequence(inner));
  }

  private static Bytes initialToken(DERSequence negTokenInit) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(SPNEGO);
    v.add(new DERTaggedObject(true, 0, negTokenInit));
    try {
      // [APPLICATION 0] IMPLICIT over a SEQUENCE: a constructed tag holding the OID and the [0] token.
      return Bytes.of(new DERTaggedObject(false, BERTags.APPLICATION, 0, new DERSequence(v)).getEncoded("DER"));
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding failed", e);
    }
  }

  /** Decodes the client's initial token ({@code [APPLICATION 0]} framing around a NegTokenInit). */
  public static NegTokenInit decodeInit(Bytes token) throws AuthException {
    ASN1Primitive p = parse(token);
    if (!(p instanceof ASN1TaggedObject app) || app.getTagClass() != BERTags.APPLICATION || app.getTagNo() != 0) {
      throw bad("initial token: not [APPLICATION 0]");
    }
    try {
      ASN1Sequence body = ASN1Sequence.getInstance(app.getBaseUniversal(false, BERTags.SEQUENCE));
      if (body.size() != 2 || !SPNEGO.equals(body.getObjectAt(0))) {
        throw bad("initial token: mechanism is not SPNEGO 1.3.6.1.5.5.2");
      }
      ASN1TaggedObject t = ASN1TaggedObject.getInstance(body.getObjectAt(1));
      if (t.getTagNo() != 0) {
        throw bad("initial token: [" + t.getTagNo() + "] (expected: [0] NegTokenInit)");
      }
      ASN1Sequence seq = ASN1Sequence.getInstance(t.getExplicitBaseObject());
      List<String> mechs = new ArrayList<>();
      Bytes mechDer = Bytes.EMPTY;
      Bytes token2 = null;
      Bytes mic = null;
      for (ASN1Encodable e : seq) {
        ASN1TaggedObject f = ASN1TaggedObject.getInstance(e);
        switch (f.getTagNo()) {
          case 0 -> {
            ASN1Sequence ms = ASN1Sequence.getInstance(f.getExplicitBaseObject());
            if (ms.size() > 16) {
              throw bad("mechTypes: " + ms.size() + " (expected: <= 16)");
            }
            for (ASN1Encodable m : ms) {
              mechs.add(ASN1ObjectIdentifier.getInstance(m).getId());
            }
            mechDer = der(ms);
          }
          case 1 -> { } // reqFlags: ignored (RFC 4178 §4.2.1 says the acceptor ignores them)
          case 2 -> token2 = Bytes.of(ASN1OctetString.getInstance(f.getExplicitBaseObject()).getOctets());
          case 3 -> {
            // RFC 4178 puts mechListMIC at [3]; [MS-SPNG] 2.2.1 NegTokenInit2 puts negHints (a SEQUENCE) there.
            ASN1Encodable v = f.getExplicitBaseObject();
            if (v instanceof ASN1OctetString o) {
              mic = Bytes.of(o.getOctets());
            } else {
              ASN1Sequence.getInstance(v); // negHints: checked for shape, otherwise ignored
            }
          }
          case 4 -> mic = Bytes.of(ASN1OctetString.getInstance(f.getExplicitBaseObject()).getOctets());
          default -> throw bad("NegTokenInit field [" + f.getTagNo() + "] (expected: [0]..[4])");
        }
      }
      if (mechs.isEmpty()) {
        throw bad("NegTokenInit: no mechTypes");
      }
      return new NegTokenInit(mechs, mechDer, token2, mic);
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw bad("NegTokenInit: " + e.getMessage());
    }
  }

  /** Decodes a {@code [1] NegTokenResp}. */
  public static NegTokenResp decodeResp(Bytes token) throws AuthException {
    ASN1Primitive p = parse(token);
    try {
      ASN1TaggedObject t = ASN1TaggedObject.getInstance(p);
      if (t.getTagClass() != BERTags.CONTEXT_SPECIFIC || t.getTagNo() != 1) {
        throw bad("NegTokenResp: tag [" + t.getTagNo() + "] (expected: [1])");
      }
      ASN1Sequence seq = ASN1Sequence.getInstance(t.getExplicitBaseObject());
      int state = -1;
      String mech = null;
      Bytes resp = null;
      Bytes mic = null;
      for (ASN1Encodable e : seq) {
        ASN1TaggedObject f = ASN1TaggedObject.getInstance(e);
        switch (f.getTagNo()) {
          case 0 -> state = ASN1Enumerated.getInstance(f.getExplicitBaseObject()).intValueExact();
          case 1 -> mech = ASN1ObjectIdentifier.getInstance(f.getExplicitBaseObject()).getId();
          case 2 -> resp = Bytes.of(ASN1OctetString.getInstance(f.getExplicitBaseObject()).getOctets());
          case 3 -> mic = Bytes.of(ASN1OctetString.getInstance(f.getExplicitBaseObject()).getOctets());
          default -> throw bad("NegTokenResp field [" + f.getTagNo() + "] (expected: [0]..[3])");
        }
      }
      return new NegTokenResp(state, mech, resp, mic);
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException | ClassCastException e) {
      throw bad("NegTokenResp: " + e.getMessage());
    }
  }

  private static ASN1Primitive parse(Bytes token) throws AuthException {
    if (token.isEmpty() || token.length() > MAX_TOKEN) {
      throw bad("SPNEGO token: " + token.length() + " bytes (expected: 1.." + MAX_TOKEN + ")");
    }
    byte[] b = token.toArray();
    try (ASN1InputStream in = new ASN1InputStream(b, true)) {
      ASN1Primitive p = in.readObject();
      if (p == null || in.available() > 0) {
        throw bad("SPNEGO token: trailing or missing DER");
      }
      return p;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw bad("SPNEGO token: " + e.getMessage());
    }
  }

  private static Bytes der(ASN1Encodable e) {
    try {
      return Bytes.of(e.toASN1Primitive().getEncoded("DER"));
    } catch (IOException x) {
      throw new IllegalStateException("DER encoding failed", x);
    }
  }

  private static AuthException bad(String message) {
    return new AuthException(NtStatus.INVALID_PARAMETER, message);
  }
}
