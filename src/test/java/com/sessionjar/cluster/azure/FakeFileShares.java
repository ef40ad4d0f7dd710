package com.sessionjar.cluster.azure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file service of one storage account on {@link FakeAzure}, for clients built on
 * {@code https://<account>.file.core.windows.net} with {@link FakeAzure#storageHttpClient()}: create, get
 * properties of and delete shares, create directories and files, write ranges, read files back. Errors carry the
 * storage services' XML body and {@code x-ms-error-code} header. Shared-key signatures are not checked; requests
 * keep their Authorization header. A request for another account's host makes the responder throw, so it is
 * listed in {@link FakeAzure#unexpected()}.
 */
public final class FakeFileShares {
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SMB_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final String account;
    private final Map<String, Map<String, byte[]>> shares = new ConcurrentHashMap<>();
    private final AtomicLong etags = new AtomicLong(0x8D000000000L);
    private final Md5s md5s = new Md5s();
    private volatile boolean rejectAuthentication;

    private FakeFileShares(String account) {
        this.account = account;
    }

    /** The host its clients use: {@code https://} this is their endpoint. */
    public String host() {
        return account + ".file.core.windows.net";
    }

    /**
     * Serves {@code /<share>/...} on {@code fake}: every path but ARM's ({@code /subscriptions/...}) and the
     * operations' ({@code /fake-operations/...}). One account a server.
     */
    public static FakeFileShares serve(FakeAzure fake, String account) {
        FakeFileShares shares = new FakeFileShares(account);
        String sharePaths = "/(?!subscriptions(/|$)|fake-operations/)[^/]+(/.*)?";
        for (String method : new String[] {"GET", "HEAD", "PUT", "DELETE"}) {
            fake.on(method, sharePaths, shares::respond);
        }
        return shares;
    }

    /**
     * The file service of {@code account}, not routed: route the paths of its shares to {@link #respond}
     * yourself, e.g. for a second account on the same server.
     */
    public static FakeFileShares of(String account) {
        return new FakeFileShares(account);
    }

    /** Adds an empty share, as if created before the test. */
    public FakeFileShares withShare(String share) {
        shares.putIfAbsent(share, new ConcurrentHashMap<>());
        return this;
    }

    /** From now on every request gets 403 AuthenticationFailed, as for a wrong account key. */
    public FakeFileShares rejectAuthentication() {
        rejectAuthentication = true;
        return this;
    }

    /** The names of the shares there are now. */
    public Set<String> shares() {
        return Set.copyOf(shares.keySet());
    }

    /** The content of a file (path inside the share, no leading slash); null when there is none. */
    public byte[] file(String share, String path) {
        Map<String, byte[]> files = shares.get(share);
        byte[] content = files == null ? null : files.get(path);
        return content == null ? null : content.clone();
    }

    /** Answers {@code request} as this account's file service does. */
    public Reply respond(Recorded request) {
        String host = request.header(FakeAzure.ORIGINAL_HOST);
        if (!host().equals(host)) {
            throw new IllegalStateException(request + " was for host " + host + ", not " + host()
                    + "; build the client on https://" + host() + " with FakeAzure.storageHttpClient()");
        }
        if (rejectAuthentication) {
            return error(request, 403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the"
                    + " value of Authorization header is formed correctly including the signature.");
        }
        String[] parts = request.path().substring(1).split("/", 2);
        String share = parts[0];
        String path = parts.length > 1 ? parts[1] : "";
        String restype = request.query("restype");
        if ("share".equals(restype) && path.isEmpty()) {
            return share(request, share);
        }
        Map<String, byte[]> files = shares.get(share);
        if (files == null) {
            return error(request, 404, "ShareNotFound", "The specified share does not exist.");
        }
        if ("directory".equals(restype)) {
            return request.method().equals("PUT") ? smbReply(request, 201) : ok(request, 200);
        }
        return file(request, files, path);
    }

    private Reply share(Recorded request, String share) {
        switch (request.method()) {
            case "PUT":
                return shares.putIfAbsent(share, new ConcurrentHashMap<>()) == null ? ok(request, 201)
                        : error(request, 409, "ShareAlreadyExists", "The specified share already exists.");
            case "GET":
            case "HEAD":
                return shares.containsKey(share) ? ok(request, 200).withHeader("x-ms-share-quota", "5120")
                        : error(request, 404, "ShareNotFound", "The specified share does not exist.");
            case "DELETE":
                return shares.remove(share) != null ? ok(request, 202)
                        : error(request, 404, "ShareNotFound", "The specified share does not exist.");
            default:
                return error(request, 405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.");
        }
    }

    private Reply file(Recorded request, Map<String, byte[]> files, String path) {
        String method = request.method();
        if (method.equals("PUT") && "range".equals(request.query("comp"))) {
            return putRange(request, files, path);
        }
        if (method.equals("PUT") && "properties".equals(request.query("comp"))) {
            return setProperties(request, files, path);
        }
        if (method.equals("PUT")) {
            md5s.remove(files, path);
            // Create File: x-ms-content-length is the file's size; its bytes are zero until ranges are written.
            long size = Long.parseLong(request.header("x-ms-content-length"));
            files.put(path, new byte[Math.toIntExact(size)]);
            return smbReply(request, 201).withHeader("x-ms-request-server-encrypted", "true");
        }
        byte[] content = files.get(path);
        if (content == null) {
            return error(request, 404, "ResourceNotFound", "The specified resource does not exist.");
        }
        if (method.equals("DELETE")) {
            files.remove(path);
            return ok(request, 202);
        }
        Reply properties = smbReply(request, 200).withHeader("x-ms-type", "File")
                .withHeader("Content-Type", "application/octet-stream");
        String md5 = md5s.get(files, path);
        if (md5 != null) {
            properties = properties.withHeader("Content-MD5", md5);
        }
        if (method.equals("HEAD")) {
            return properties.withHeader("Content-Length", Integer.toString(content.length));
        }
        return new Reply(200, properties.headers(), content.clone());
    }

    /** Set File Properties: the Content-MD5 a client declares (x-ms-content-md5), and a new size if asked. */
    private Reply setProperties(Recorded request, Map<String, byte[]> files, String path) {
        byte[] content = files.get(path);
        if (content == null) {
            return error(request, 404, "ResourceNotFound", "The specified resource does not exist.");
        }
        String length = request.header("x-ms-content-length");
        if (length != null && Long.parseLong(length) != content.length) {
            files.put(path, Arrays.copyOf(content, Math.toIntExact(Long.parseLong(length))));
        }
        String md5 = request.header("x-ms-content-md5");
        if (md5 != null) {
            md5s.put(files, path, md5);
        } else {
            md5s.remove(files, path);
        }
        return smbReply(request, 200).withHeader("x-ms-request-server-encrypted", "true");
    }

    /** The Content-MD5 of each file, by its share's file map and path. */
    private static final class Md5s {
        private final Map<Map<String, byte[]>, Map<String, String>> byShare = new java.util.IdentityHashMap<>();

        synchronized String get(Map<String, byte[]> files, String path) {
            Map<String, String> md5s = byShare.get(files);
            return md5s == null ? null : md5s.get(path);
        }

        synchronized void put(Map<String, byte[]> files, String path, String md5) {
            byShare.computeIfAbsent(files, f -> new java.util.HashMap<>()).put(path, md5);
        }

        synchronized void remove(Map<String, byte[]> files, String path) {
            Map<String, String> md5s = byShare.get(files);
            if (md5s != null) {
                md5s.remove(path);
            }
        }
    }

    private Reply putRange(Recorded request, Map<String, byte[]> files, String path) {
        byte[] content = files.get(path);
        if (content == null) {
            return error(request, 404, "ResourceNotFound", "The specified resource does not exist.");
        }
        String range = request.header("x-ms-range") != null ? request.header("x-ms-range") : request.header("range");
        Matcher bytes = range == null ? null : RANGE.matcher(range);
        if (bytes == null || !bytes.matches()) {
            return error(request, 400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.");
        }
        int start = Integer.parseInt(bytes.group(1));
        int end = Integer.parseInt(bytes.group(2));
        if (end >= content.length || end - start + 1 != request.content().length) {
            return error(request, 416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
        }
        System.arraycopy(request.content(), 0, content, start, request.content().length);
        return ok(request, 201).withHeader("x-ms-request-server-encrypted", "true");
    }

    /** The headers every storage answer has: request id, version, date, ETag, Last-Modified. */
    private Reply ok(Recorded request, int status) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("x-ms-request-id", UUID.randomUUID().toString());
        headers.put("x-ms-version", request.header("x-ms-version") == null ? "2025-11-05" : request.header("x-ms-version"));
        headers.put("Date", RFC_1123.format(Instant.now()));
        headers.put("ETag", "\"0x" + Long.toHexString(etags.incrementAndGet()).toUpperCase(Locale.ROOT) + "\"");
        headers.put("Last-Modified", RFC_1123.format(Instant.now()));
        return new Reply(status, headers, null);
    }

    /** {@link #ok} plus the SMB properties that create/get of files and directories report. */
    private Reply smbReply(Recorded request, int status) {
        String now = SMB_TIME.format(Instant.now());
        return ok(request, status)
                .withHeader("x-ms-file-attributes", "Archive")
                .withHeader("x-ms-file-creation-time", now)
                .withHeader("x-ms-file-last-write-time", now)
                .withHeader("x-ms-file-change-time", now)
                .withHeader("x-ms-file-permission-key", "1695452405369437311*12345678901234567")
                .withHeader("x-ms-file-id", "13835128424026341376")
                .withHeader("x-ms-file-parent-id", "0");
    }

    /** The storage services' error: XML body and x-ms-error-code (HEAD answers carry only the header). */
    private Reply error(Recorded request, int status, String code, String message) {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "\nRequestId:" + UUID.randomUUID() + "\nTime:" + SMB_TIME.format(Instant.now()) + "</Message></Error>";
        Reply headers = ok(request, status).withHeader("x-ms-error-code", code)
                .withHeader("Content-Type", "application/xml");
        return new Reply(status, headers.headers(), body.getBytes(StandardCharsets.UTF_8));
    }
}
