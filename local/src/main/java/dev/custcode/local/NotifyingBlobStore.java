package dev.custcode.local;

import java.io.InputStream;
import java.util.function.Consumer;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3Proxy has no event notifications: this decorator of its blob store reports every object
 * created through it (PUT, copy, completed multipart upload), whichever S3 client made the
 * request, after the object is stored.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {
    private final Consumer<S3Notifications.CreatedObject> listener;

    NotifyingBlobStore(BlobStore delegate, Consumer<S3Notifications.CreatedObject> listener) {
        super(delegate);
        this.listener = listener;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse r = super.putBlob(request, input);
        created(request.bucket(), request.key(), r.eTag(), r.versionId(), "ObjectCreated:Put");
        return r;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse r = super.copyBlob(request);
        created(request.destinationBucket(), request.destinationKey(),
                r.copyObjectResult() == null ? null : r.copyObjectResult().eTag(), r.versionId(), "ObjectCreated:Copy");
        return r;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse r = super.completeMultipartUpload(upload, request);
        created(request.bucket(), request.key(), r.eTag(), r.versionId(), "ObjectCreated:CompleteMultipartUpload");
        return r;
    }

    /** Reports an existing object again, as S3's at-least-once delivery sometimes does. */
    void redeliver(String bucket, String key) {
        created(bucket, key, null, null, "ObjectCreated:Put");
    }

    private void created(String bucket, String key, String eTag, String versionId, String eventName) {
        HeadObjectResponse head = delegate().blobMetadata(bucket, key);
        String tag = eTag != null ? eTag : head.eTag();
        listener.accept(new S3Notifications.CreatedObject(bucket, key, head.contentLength() == null ? 0 : head.contentLength(),
                tag == null ? "" : tag.replace("\"", ""), versionId == null || versionId.isBlank() ? null : versionId, eventName));
    }
}
