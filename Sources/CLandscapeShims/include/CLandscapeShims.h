#ifndef LANDSCAPE_SHIMS_H
#define LANDSCAPE_SHIMS_H

#include <stddef.h>
#include <stdint.h>
#include <curl/curl.h>
#include <zlib.h>
#include <openssl/sha.h>

// curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt are variadic: Swift cannot call them.
typedef size_t (*landscape_curl_data_callback)(char *data, size_t size, size_t count, void *user);

CURLcode landscape_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode landscape_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode landscape_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode landscape_curl_easy_setopt_off_t(CURL *handle, CURLoption option, int64_t value);
CURLcode landscape_curl_easy_setopt_data_callback(CURL *handle, CURLoption option,
                                                  landscape_curl_data_callback callback);
CURLcode landscape_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode landscape_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, int64_t *value);
CURLcode landscape_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLMcode landscape_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);

// libxml2 prints some errors (entity declarations outside a DTD, for one) through its generic
// error function, to stderr, whatever the parser options say; its type is variadic, so the
// no-op that replaces it is written in C. Sets it for the calling thread and for new threads.
void landscape_xml_silence_generic_errors(void);

// OpenSSL 3 marks its SHA-256 context functions deprecated in favour of EVP, whose context is
// a heap object; these keep the context a plain value that Swift copies like any struct.
void landscape_sha256_init(SHA256_CTX *context);
void landscape_sha256_update(SHA256_CTX *context, const void *bytes, size_t count);
void landscape_sha256_final(SHA256_CTX *context, uint8_t digest[32]);

// zlib's init functions are macros.
int landscape_inflate_init_gzip(z_stream *stream);
int landscape_deflate_init_gzip(z_stream *stream, int level);

// glibc keeps the memory a stage frees in its arenas, for the next allocation in the same
// arena; malloc_trim gives the free pages back. Does nothing where the C library is not glibc.
void landscape_release_freed_memory(void);

/// Blocks of `bytes` and more are mapped on their own, and unmapped when freed (glibc's
/// M_MMAP_THRESHOLD); nothing elsewhere.
void landscape_map_blocks_from(size_t bytes);

// Starts writing a file's dirty pages in [offset, offset + count) to disk without waiting for
// them (Linux's sync_file_range), so that a later fsync waits only for what came after; returns
// 0, or -1 with errno. Does nothing where there is no such call.
int landscape_start_writeback(int descriptor, int64_t offset, int64_t count);

#endif
