package dev.estuary.s3.testing;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import org.apache.hc.client5.http.DnsResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds AWS SDK v2 clients the way an application would: region us-east-1, the SDK's default
 * data-integrity behaviour ({@code WHEN_SUPPORTED} request checksums and response validation, which
 * over plain HTTP means signed aws-chunked bodies with a CRC32 trailer), and no retries so that an
 * error the server answers is the error the test sees.
 */
public final class S3Clients {
  /** The domain a virtual-host client addresses buckets under ({@code bucket.<domain>}). */
  public static final String VIRTUAL_HOST_DOMAIN = "s3.estuary.test";

  private S3Clients() {}

  /**
   * A synchronous path-style client over the Apache 5 HTTP client.
   *
   * @param endpoint the server
   * @param keys the keys to sign with
   * @return the client; the caller closes it
   */
  public static S3Client sync(URI endpoint, AwsBasicCredentials keys) {
    return sync(endpoint, keys, new ErrorBodies());
  }

  /**
   * A synchronous path-style client that keeps error bodies for the test to read.
   *
   * @param endpoint the server
   * @param keys the keys to sign with
   * @param errors receives the raw body of every error response
   * @return the client; the caller closes it
   */
  public static S3Client sync(URI endpoint, AwsBasicCredentials keys, ErrorBodies errors) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(S3TestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(keys))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED)
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))
            .addExecutionInterceptor(errors))
        .httpClientBuilder(Apache5HttpClient.builder()
            .socketTimeout(Duration.ofSeconds(60))
            .connectionTimeout(Duration.ofSeconds(5)))
        .build();
  }

  /**
   * A synchronous virtual-host-style client: bucket names go in the host name under {@link
   * #VIRTUAL_HOST_DOMAIN}, which this client resolves to the loopback address itself (no DNS).
   *
   * @param endpoint the server (only its port is used)
   * @param keys the keys to sign with
   * @return the client; the caller closes it
   */
  public static S3Client virtualHost(URI endpoint, AwsBasicCredentials keys) {
    DnsResolver loopback = new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals(VIRTUAL_HOST_DOMAIN) || h.endsWith("." + VIRTUAL_HOST_DOMAIN)) {
          return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        }
        throw new UnknownHostException(host + " (expected: a name under " + VIRTUAL_HOST_DOMAIN
            + "; tests reach nothing but loopback)");
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
    return S3Client.builder()
        .endpointOverride(URI.create("http://" + VIRTUAL_HOST_DOMAIN + ":" + endpoint.getPort()))
        .region(Region.of(S3TestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(keys))
        .forcePathStyle(false)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .httpClientBuilder(Apache5HttpClient.builder().dnsResolver(loopback))
        .build();
  }

  /**
   * An asynchronous path-style client over Netty (unsigned aws-chunked bodies with a trailer).
   *
   * @param endpoint the server
   * @param keys the keys to sign with
   * @return the client; the caller closes it
   */
  public static S3AsyncClient async(URI endpoint, AwsBasicCredentials keys) {
    return asyncBuilder(endpoint, keys).build();
  }

  /**
   * An asynchronous client with the SDK's own multipart support on (8 MiB parts by default; GETs
   * by {@code partNumber}).
   *
   * @param endpoint the server
   * @param keys the keys to sign with
   * @param partSize bytes per part (at least 5 MiB)
   * @return the client; the caller closes it
   */
  public static S3AsyncClient asyncMultipart(URI endpoint, AwsBasicCredentials keys, long partSize) {
    return asyncBuilder(endpoint, keys)
        .multipartEnabled(true)
        .multipartConfiguration(m -> m.minimumPartSizeInBytes(partSize)
            .thresholdInBytes(partSize))
        .build();
  }

  private static software.amazon.awssdk.services.s3.S3AsyncClientBuilder asyncBuilder(
      URI endpoint, AwsBasicCredentials keys) {
    return S3AsyncClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(S3TestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(keys))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED)
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .readTimeout(Duration.ofSeconds(60))
            .connectionTimeout(Duration.ofSeconds(5)));
  }

  /**
   * A presigner for path-style URLs.
   *
   * @param endpoint the server
   * @param keys the keys to sign with
   * @return the presigner; the caller closes it
   */
  public static S3Presigner presigner(URI endpoint, AwsBasicCredentials keys) {
    return S3Presigner.builder()
        .endpointOverride(endpoint)
        .region(Region.of(S3TestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(keys))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }
}
