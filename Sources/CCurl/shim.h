#ifndef LANDSCAPE_CCURL_H
#define LANDSCAPE_CCURL_H
#include <curl/curl.h>
#endif
