// sync_file_range is a GNU extension of fcntl.h.
#define _GNU_SOURCE
#define OPENSSL_SUPPRESS_DEPRECATED
#include "CLandscapeShims.h"

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/globals.h>
#include <libxml/xmlerror.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif
#ifdef __linux__
#include <fcntl.h>
#endif

CURLcode landscape_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode landscape_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode landscape_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode landscape_curl_easy_setopt_off_t(CURL *handle, CURLoption option, int64_t value) {
    return curl_easy_setopt(handle, option, (curl_off_t)value);
}

CURLcode landscape_curl_easy_setopt_data_callback(CURL *handle, CURLoption option,
                                                  landscape_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

CURLcode landscape_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}


CURLcode landscape_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, int64_t *value) {
    curl_off_t result = 0;
    CURLcode code = curl_easy_getinfo(handle, info, &result);
    *value = (int64_t)result;
    return code;
}

CURLcode landscape_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}


CURLMcode landscape_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}


int landscape_inflate_init_gzip(z_stream *stream) {
    // 15 window bits + 32: detect gzip or zlib headers automatically.
    return inflateInit2(stream, 15 + 32);
}

int landscape_deflate_init_gzip(z_stream *stream, int level) {
    // 15 window bits + 16: write a gzip header and trailer.
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

static void landscape_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

void landscape_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, landscape_ignore_generic_error);
    xmlThrDefSetGenericErrorFunc(NULL, landscape_ignore_generic_error);
}

void landscape_sha256_init(SHA256_CTX *context) { SHA256_Init(context); }

void landscape_sha256_update(SHA256_CTX *context, const void *bytes, size_t count) {
    SHA256_Update(context, bytes, count);
}

void landscape_sha256_final(SHA256_CTX *context, uint8_t digest[32]) { SHA256_Final(digest, context); }

void landscape_release_freed_memory(void) {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void landscape_map_blocks_from(size_t bytes) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, (int)bytes);
#endif
}

int landscape_start_writeback(int descriptor, int64_t offset, int64_t count) {
#ifdef __linux__
    return sync_file_range(descriptor, offset, count, SYNC_FILE_RANGE_WRITE);
#else
    (void)descriptor;
    (void)offset;
    (void)count;
    return 0;
#endif
}
