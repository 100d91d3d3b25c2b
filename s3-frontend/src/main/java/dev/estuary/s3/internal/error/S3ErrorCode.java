package dev.estuary.s3.internal.error;

/**
 * The one table of S3 error codes: the {@code <Code>} string, the HTTP status and the default
 * {@code <Message>}, from the Amazon S3 API Reference, "Error responses" → "List of error codes"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList).
 *
 * <p>Several constants share one wire code with a different message where S3 does so: a presigned
 * URL past its expiry is {@code AccessDenied} "Request has expired" ({@link #REQUEST_EXPIRED}), not
 * a code of its own. Messages are the reference's where it gives one, otherwise S3's observed text.
 */
public enum S3ErrorCode {
  // 403 — authentication and authorisation.
  ACCESS_DENIED("AccessDenied", 403, "Access Denied"),
  REQUEST_EXPIRED("AccessDenied", 403, "Request has expired"),
  REQUEST_NOT_YET_VALID("AccessDenied", 403, "Request is not valid yet"),
  UNSIGNED_HEADERS_PRESENT(
      "AccessDenied", 403, "There were headers present in the request which were not signed"),
  ACCOUNT_PROBLEM(
      "AccountProblem", 403, "There is a problem with your account that prevents the operation from completing successfully."),
  ALL_ACCESS_DISABLED("AllAccessDisabled", 403, "All access to this Amazon S3 resource has been disabled."),
  INVALID_ACCESS_KEY_ID(
      "InvalidAccessKeyId", 403, "The AWS access key Id you provided does not exist in our records."),
  INVALID_OBJECT_STATE(
      "InvalidObjectState", 403, "The operation is not valid for the current state of the object."),
  INVALID_SECURITY("InvalidSecurity", 403, "The provided security credentials are not valid."),
  REQUEST_TIME_TOO_SKEWED(
      "RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large."),
  SIGNATURE_DOES_NOT_MATCH(
      "SignatureDoesNotMatch",
      403,
      "The request signature we calculated does not match the signature you provided. Check your key and signing method."),

  // 400 — malformed requests.
  ACCESS_CONTROL_LIST_NOT_SUPPORTED(
      "AccessControlListNotSupported", 400, "The bucket does not allow ACLs"),
  AUTHORIZATION_HEADER_MALFORMED(
      "AuthorizationHeaderMalformed", 400, "The authorization header you provided is invalid."),
  AUTHORIZATION_QUERY_PARAMETERS_ERROR(
      "AuthorizationQueryParametersError", 400, "Error parsing the X-Amz-Credential parameter."),
  BAD_DIGEST(
      "BadDigest", 400, "The Content-MD5 or checksum value you specified did not match what we received."),
  BAD_REQUEST("BadRequest", 400, "Bad Request"),
  CREDENTIALS_NOT_SUPPORTED("CredentialsNotSupported", 400, "This request does not support credentials."),
  ENTITY_TOO_SMALL(
      "EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size."),
  ENTITY_TOO_LARGE("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size."),
  EXPIRED_TOKEN("ExpiredToken", 400, "The provided token has expired."),
  ILLEGAL_LOCATION_CONSTRAINT(
      "IllegalLocationConstraintException",
      400,
      "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."),
  ILLEGAL_VERSIONING_CONFIGURATION(
      "IllegalVersioningConfigurationException", 400, "The versioning configuration specified in the request is invalid."),
  INCOMPLETE_BODY(
      "IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
  INLINE_DATA_TOO_LARGE("InlineDataTooLarge", 400, "Inline data exceeds the maximum allowed size."),
  INVALID_ARGUMENT("InvalidArgument", 400, "Invalid Argument"),
  INVALID_BUCKET_ACL_WITH_OBJECT_OWNERSHIP(
      "InvalidBucketAclWithObjectOwnership", 400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"),
  INVALID_BUCKET_NAME("InvalidBucketName", 400, "The specified bucket is not valid."),
  INVALID_DIGEST("InvalidDigest", 400, "The Content-MD5 or checksum value you specified is not valid."),
  INVALID_ENCRYPTION_ALGORITHM(
      "InvalidEncryptionAlgorithmError", 400, "The encryption request you specified is not valid."),
  INVALID_LOCATION_CONSTRAINT(
      "InvalidLocationConstraint", 400, "The specified location constraint is not valid."),
  INVALID_PART(
      "InvalidPart",
      400,
      "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."),
  INVALID_PART_ORDER(
      "InvalidPartOrder",
      400,
      "The list of parts was not in ascending order. The parts list must be specified in order by part number."),
  INVALID_POLICY_DOCUMENT(
      "InvalidPolicyDocument", 400, "The content of the form does not meet the conditions specified in the policy document."),
  INVALID_REQUEST("InvalidRequest", 400, "Invalid Request"),
  INVALID_RETENTION_PERIOD(
      "InvalidRetentionPeriod", 400, "Default retention period must be a positive integer value."),
  INVALID_STORAGE_CLASS("InvalidStorageClass", 400, "The storage class you specified is not valid."),
  INVALID_TAG("InvalidTag", 400, "The tag provided was not a valid tag."),
  INVALID_TOKEN("InvalidToken", 400, "The provided token is malformed or otherwise invalid."),
  INVALID_URI("InvalidURI", 400, "Couldn't parse the specified URI."),
  KEY_TOO_LONG("KeyTooLongError", 400, "Your key is too long."),
  MALFORMED_ACL("MalformedACLError", 400, "The XML you provided was not well-formed or did not validate against our published schema."),
  MALFORMED_POLICY("MalformedPolicy", 400, "Policies must be valid JSON and the first byte must be '{'"),
  MALFORMED_POST_REQUEST(
      "MalformedPOSTRequest", 400, "The body of your POST request is not well-formed multipart/form-data."),
  MALFORMED_TRAILER(
      "MalformedTrailerError",
      400,
      "The request contained trailing data that was not well-formed or did not conform to our published schema."),
  MALFORMED_XML(
      "MalformedXML",
      400,
      "The XML you provided was not well-formed or did not validate against our published schema."),
  MAX_MESSAGE_LENGTH_EXCEEDED("MaxMessageLengthExceeded", 400, "Your request was too big."),
  MAX_POST_PRE_DATA_LENGTH_EXCEEDED(
      "MaxPostPreDataLengthExceededError", 400, "Your POST request fields preceding the upload file were too large."),
  METADATA_TOO_LARGE(
      "MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size."),
  MISSING_REQUEST_BODY("MissingRequestBodyError", 400, "Request Body is empty"),
  MISSING_SECURITY_HEADER("MissingSecurityHeader", 400, "Your request was missing a required header."),
  REQUEST_HEADER_SECTION_TOO_LARGE(
      "RequestHeaderSectionTooLarge", 400, "Your request header section exceeds the maximum allowed size."),
  REQUEST_IS_NOT_MULTIPART_CONTENT(
      "RequestIsNotMultiPartContent", 400, "Bucket POST must be of the enclosure-type multipart/form-data."),
  REQUEST_TIMEOUT(
      "RequestTimeout",
      400,
      "Your socket connection to the server was not read from or written to within the timeout period."),
  TOO_MANY_BUCKETS("TooManyBuckets", 400, "You have attempted to create more buckets than allowed."),
  UNEXPECTED_CONTENT("UnexpectedContent", 400, "This request does not support content."),
  UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS(
      "UnresolvableGrantByEmailAddress", 400, "The email address you provided does not match any account on record."),
  USER_KEY_MUST_BE_SPECIFIED(
      "UserKeyMustBeSpecified", 400, "The bucket POST must contain the specified field name."),
  X_AMZ_CONTENT_SHA256_MISMATCH(
      "XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed."),

  // 404 — missing resources.
  NO_SUCH_BUCKET("NoSuchBucket", 404, "The specified bucket does not exist"),
  NO_SUCH_BUCKET_POLICY("NoSuchBucketPolicy", 404, "The bucket policy does not exist"),
  NO_SUCH_CORS_CONFIGURATION("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist"),
  NO_SUCH_KEY("NoSuchKey", 404, "The specified key does not exist."),
  NO_SUCH_LIFECYCLE_CONFIGURATION(
      "NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist"),
  NO_SUCH_OBJECT_LOCK_CONFIGURATION(
      "ObjectLockConfigurationNotFoundError", 404, "Object Lock configuration does not exist for this bucket"),
  NO_SUCH_OBJECT_RETENTION(
      "NoSuchObjectLockConfiguration", 404, "The specified object does not have a ObjectLock configuration"),
  NO_SUCH_PUBLIC_ACCESS_BLOCK_CONFIGURATION(
      "NoSuchPublicAccessBlockConfiguration", 404, "The public access block configuration was not found"),
  NO_SUCH_TAG_SET("NoSuchTagSet", 404, "The TagSet does not exist"),
  NO_SUCH_UPLOAD(
      "NoSuchUpload",
      404,
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."),
  NO_SUCH_VERSION("NoSuchVersion", 404, "The specified version does not exist."),
  NO_SUCH_WEBSITE_CONFIGURATION(
      "NoSuchWebsiteConfiguration", 404, "The specified bucket does not have a website configuration"),
  OWNERSHIP_CONTROLS_NOT_FOUND(
      "OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found"),
  SERVER_SIDE_ENCRYPTION_CONFIGURATION_NOT_FOUND(
      "ServerSideEncryptionConfigurationNotFoundError", 404, "The server side encryption configuration was not found"),

  // 3xx, 405, 409, 411, 412, 416 — protocol states.
  NOT_MODIFIED("NotModified", 304, "Not Modified"),
  METHOD_NOT_ALLOWED("MethodNotAllowed", 405, "The specified method is not allowed against this resource."),
  BUCKET_ALREADY_EXISTS(
      "BucketAlreadyExists",
      409,
      "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."),
  BUCKET_ALREADY_OWNED_BY_YOU(
      "BucketAlreadyOwnedByYou",
      409,
      "Your previous request to create the named bucket succeeded and you already own it."),
  BUCKET_NOT_EMPTY("BucketNotEmpty", 409, "The bucket you tried to delete is not empty"),
  CONDITIONAL_REQUEST_CONFLICT(
      "ConditionalRequestConflict",
      409,
      "A conflicting conditional operation is currently in progress against this resource. Please try again."),
  INVALID_BUCKET_STATE("InvalidBucketState", 409, "The request is not valid with the current state of the bucket."),
  OPERATION_ABORTED(
      "OperationAborted",
      409,
      "A conflicting conditional operation is currently in progress against this resource. Please try again."),
  MISSING_CONTENT_LENGTH("MissingContentLength", 411, "You must provide the Content-Length HTTP header."),
  PRECONDITION_FAILED(
      "PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold"),
  INVALID_RANGE("InvalidRange", 416, "The requested range is not satisfiable"),
  INVALID_PART_NUMBER("InvalidPartNumber", 416, "The requested partnumber is not satisfiable"),

  // 5xx — server side.
  INTERNAL_ERROR("InternalError", 500, "We encountered an internal error. Please try again."),
  NOT_IMPLEMENTED(
      "NotImplemented", 501, "A header you provided implies functionality that is not implemented"),
  SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "Please reduce your request rate."),
  SLOW_DOWN("SlowDown", 503, "Please reduce your request rate.");

  private final String code;
  private final int httpStatus;
  private final String defaultMessage;

  S3ErrorCode(String code, int httpStatus, String defaultMessage) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  /** The {@code <Code>} string on the wire, e.g. {@code NoSuchKey}. */
  public String code() {
    return code;
  }

  /** The HTTP status code S3 answers with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The {@code <Message>} S3 sends when nothing more specific is known. */
  public String defaultMessage() {
    return defaultMessage;
  }

  /** Returns a new exception with this code and its default message. */
  public S3Exception exception() {
    return new S3Exception(this, defaultMessage);
  }

  /** Returns a new exception with this code and {@code message}. */
  public S3Exception exception(String message) {
    return new S3Exception(this, message);
  }
}
