#ifndef LANDSCAPE_CZLIB_H
#define LANDSCAPE_CZLIB_H
#include <zlib.h>
#endif
