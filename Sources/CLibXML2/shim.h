#ifndef LANDSCAPE_CLIBXML2_H
#define LANDSCAPE_CLIBXML2_H
// Debian's libxml2 is built with ICU; its headers would pull the system ICU, which clashes
// with the ICU that Foundation bundles. We never use libxml2's ICU converters directly.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#endif
