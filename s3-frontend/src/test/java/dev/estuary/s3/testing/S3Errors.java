package dev.estuary.s3.testing;

import static org.assertj.core.api.Assertions.assertThat;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** Assertions on S3 error responses: status, Code, and a complete error document. */
public final class S3Errors {
  private S3Errors() {}

  /**
   * Asserts a raw response is the given S3 error with Code, Message and RequestId.
   *
   * @param r the response
   * @param status the expected status
   * @param code the expected Code
   * @return the parsed document
   */
  public static ErrorXml assertError(RawS3.Response r, int status, String code) {
    assertThat(r.status()).as("status; body: %s", r.text()).isEqualTo(status);
    ErrorXml x = r.error();
    assertThat(x.code()).as(x.xml()).isEqualTo(code);
    assertThat(x.complete()).as("Code, Message and RequestId in %s", x.xml()).isTrue();
    return x;
  }

  /**
   * Asserts an SDK exception is the given S3 error with a complete error document.
   *
   * @param s3 the fixture whose client threw
   * @param e the exception
   * @param status the expected status
   * @param code the expected Code
   * @return the parsed document
   */
  public static ErrorXml assertError(S3TestServer s3, Throwable e, int status, String code) {
    assertThat(e).isInstanceOf(S3Exception.class);
    S3Exception s = (S3Exception) e;
    assertThat(s.statusCode()).as(s.getMessage()).isEqualTo(status);
    ErrorXml x = s3.error(s);
    assertThat(x.code()).as(x.xml()).isEqualTo(code);
    assertThat(x.complete()).as("Code, Message and RequestId in %s", x.xml()).isTrue();
    return x;
  }
}
