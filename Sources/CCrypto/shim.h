#ifndef LANDSCAPE_CCRYPTO_H
#define LANDSCAPE_CCRYPTO_H
#include <openssl/sha.h>
#endif
