/*
 * The justclick PHP extension: libjustclick (linked statically) without FFI and without
 * JSON on the signing path.
 *
 * This file only moves PHP values in and out of libjustclick. Every JustClick rule —
 * http_build_query's encoding, which keys PHP would rewrite, hashing, verification,
 * per-method rules, transport — lives in the Rust core; what is here is the walk of a
 * PHP array into a jc_params builder (the C equivalent of json_encode, minus the JSON),
 * the decoding of results, and the mapping of jc_status to one exception class that the
 * Composer package turns into its own exceptions.
 *
 * The one rule decided here is which PHP values may stand in a parameter set at all,
 * because it is about PHP types the core never sees. It is the Composer package's rule
 * (JustClick\Objects), mirrored here so that the signing path needs no PHP-level walk:
 * null, bools, ints, floats, strings and arrays go through; stdClass and objects of
 * user classes give their public properties, as http_build_query reads them; enums,
 * DateTimeInterface, Closure, JsonSerializable, Stringable, Traversable and objects of
 * (or extending) built-in classes, resources and reference cycles are refused with
 * JustClick\Ext\Error (JC_STATUS_INVALID_ARGUMENT) naming the key, in the same words.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stdio.h>

#include "php.h"
#include "ext/standard/info.h"
#include "ext/json/php_json.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"
#include "ext/spl/spl_exceptions.h"
#include "ext/date/php_date.h"
#include "zend_enum.h"
#include "zend_closures.h"
#include "Zend/zend_attributes.h"

#include "justclick.h"
#include "php_justclick.h"
#include "justclick_arginfo.h"

#if PHP_VERSION_ID < 80100
#error "the justclick extension needs PHP 8.1 or later"
#endif

/* Deeper than any set the core accepts (it refuses more than 64 levels); only bounds
 * the walk's own stack and key path. */
#define JCX_MAX_DEPTH 128

/* A walk failure the extension reported itself (an exception is already thrown). */
#define JCX_THROWN (-1)

ZEND_BEGIN_MODULE_GLOBALS(justclick)
	jc_error *err;     /* reused error slot */
	jc_params *params; /* reused parameter builder (jc_params_clear keeps its memory) */
ZEND_END_MODULE_GLOBALS(justclick)

ZEND_DECLARE_MODULE_GLOBALS(justclick)
#define JCX_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(justclick, v)

static zend_class_entry *jcx_lib_ce;
static zend_class_entry *jcx_client_ce;
static zend_class_entry *jcx_error_ce;
static zend_object_handlers jcx_client_handlers;

/* ------------------------------------------------------------------ errors */

static jc_error *jcx_err(void)
{
	if (JCX_G(err) == NULL) {
		JCX_G(err) = jc_error_new(); /* NULL on OOM: calls then report no detail */
	}
	return JCX_G(err);
}

static jc_params *jcx_params(void)
{
	if (JCX_G(params) == NULL) {
		JCX_G(params) = jc_params_new();
		if (JCX_G(params) == NULL) {
			zend_error_noreturn(E_ERROR, "justclick: jc_params_new failed (out of memory)");
		}
	} else {
		jc_params_clear(JCX_G(params));
	}
	return JCX_G(params);
}

/* Throws JustClick\Ext\Error for a status, with message, codes and method. */
static void jcx_throw(const char *status, const char *message, zend_long api_code,
		zend_long http_status, const char *method, size_t method_len)
{
	zend_object *ex = zend_throw_exception(jcx_error_ce, message != NULL && *message ? message : status, 0);
	zend_update_property_string(jcx_error_ce, ex, "status", sizeof("status") - 1, status);
	zend_update_property_long(jcx_error_ce, ex, "apiCode", sizeof("apiCode") - 1, api_code);
	zend_update_property_long(jcx_error_ce, ex, "httpStatus", sizeof("httpStatus") - 1, http_status);
	if (method != NULL) {
		zend_update_property_stringl(jcx_error_ce, ex, "method", sizeof("method") - 1, method, method_len);
	}
}

/* Throws the failure a jc_* call reported in the shared error slot. */
static void jcx_throw_status(jc_status status, const char *method, size_t method_len)
{
	const jc_error *err = JCX_G(err);
	int32_t http = err != NULL ? jc_error_http_status(err) : 0;
	jcx_throw(jc_status_str(status), err != NULL ? jc_error_message(err) : NULL,
		err != NULL ? (zend_long) jc_error_api_code(err) : -1, http > 0 ? http : 0,
		method, method_len);
}

/* ------------------------------------------------------------ PHP value walk */

typedef struct {
	const char *ptr;
	size_t len;
	char buf[MAX_LENGTH_OF_LONG + 1]; /* an integer key, printed */
} jcx_key;

typedef struct {
	jc_params *params;
	jc_error *err;
	int precision; /* the precision ini setting, which http_build_query prints floats with */
	int depth;
	jcx_key path[JCX_MAX_DEPTH + 1];
} jcx_walk;

/* "a[b][0]" for the keys walked so far, for the extension's own messages. */
static zend_string *jcx_path(const jcx_walk *w)
{
	smart_str s = {0};
	for (int i = 0; i <= w->depth; i++) {
		if (i > 0) {
			smart_str_appendc(&s, '[');
		}
		smart_str_appendl(&s, w->path[i].ptr, w->path[i].len);
		if (i > 0) {
			smart_str_appendc(&s, ']');
		}
	}
	smart_str_0(&s);
	return s.s != NULL ? s.s : ZSTR_EMPTY_ALLOC();
}

/* Throws "parameter 'a[b]' is <what>; pass …" (the Composer package's Objects class words
 * the same refusals the same way). */
static int jcx_refuse(const jcx_walk *w, const char *what)
{
	zend_string *path = jcx_path(w);
	zend_string *msg = zend_strpprintf(0, "parameter '%s' %s", ZSTR_VAL(path), what);
	jcx_throw("JC_STATUS_INVALID_ARGUMENT", ZSTR_VAL(msg), -1, 0, NULL, 0);
	zend_string_release(msg);
	zend_string_release(path);
	return JCX_THROWN;
}

#define JCX_PASS "; pass a string, number, bool, array or plain object"

/* Why http_build_query does not send `obj` as what it means (the rest of "parameter 'x'
 * …"), or NULL when it is data: stdClass, or an object of a user class that is no enum,
 * DateTimeInterface, Closure, JsonSerializable, Stringable or Traversable and extends no
 * built-in class. Mirrors JustClick\Objects::refusal() in the Composer package. */
static zend_string *jcx_refusal(zend_object *obj)
{
	zend_class_entry *ce = obj->ce;
	const char *cls = ZSTR_VAL(ce->name);
	if (ce->ce_flags & ZEND_ACC_ENUM) {
		zval *name = zend_enum_fetch_case_name(obj);
		return zend_strpprintf(0, "is the enum case %s::%s (send ->value or ->name)" JCX_PASS, cls,
			Z_TYPE_P(name) == IS_STRING ? Z_STRVAL_P(name) : "?");
	}
	if (instanceof_function(ce, php_date_get_interface_ce())) {
		return zend_strpprintf(0, "is a %s (send $date->format('d.m.Y') or a timestamp, as the field expects)" JCX_PASS, cls);
	}
	if (ce == zend_ce_closure) {
		return zend_string_init("is a Closure (call it and pass its result)" JCX_PASS,
			sizeof("is a Closure (call it and pass its result)" JCX_PASS) - 1, 0);
	}
	if (instanceof_function(ce, php_json_serializable_ce)) {
		return zend_strpprintf(0, "is a JsonSerializable %s, which http_build_query sends as its public properties, "
			"not jsonSerialize() (pass $object->jsonSerialize())" JCX_PASS, cls);
	}
	if (instanceof_function(ce, zend_ce_stringable)) {
		return zend_strpprintf(0, "is a Stringable %s, which http_build_query sends as its public properties, "
			"not its string (pass (string) $object)" JCX_PASS, cls);
	}
	if (instanceof_function(ce, zend_ce_traversable)) {
		return zend_strpprintf(0, "is a Traversable %s, whose items http_build_query does not send "
			"(pass iterator_to_array($object))" JCX_PASS, cls);
	}
	if (ce == zend_standard_class_def) {
		return NULL;
	}
	for (zend_class_entry *c = ce; c != NULL; c = c->parent) {
		if (c->type == ZEND_INTERNAL_CLASS) {
			if (c == ce) {
				return zend_strpprintf(0, "is an object of the built-in class %s, whose data http_build_query does not send" JCX_PASS,
					ZSTR_VAL(c->name));
			}
			return zend_strpprintf(0, "is an object of the built-in class %s (via %s), whose data http_build_query does not send" JCX_PASS,
				ZSTR_VAL(c->name), cls);
		}
	}
	return NULL;
}

static int jcx_walk_table(jcx_walk *w, HashTable *ht, bool object, int level);

/* Calls `fn(args…, err)` with a NULL error slot, the fast path (libjustclick then writes no
 * error state), and only when it fails calls it again with the slot to get the message:
 * a failed add leaves the set unchanged, so the second call fails the same way. */
#define JCX_ADD(fn, ...) \
	do { \
		int rc_ = fn(__VA_ARGS__, NULL); \
		if (rc_ != JC_STATUS_OK) { \
			rc_ = fn(__VA_ARGS__, w->err); \
		} \
		return rc_; \
	} while (0)

static int jcx_walk_value(jcx_walk *w, const jcx_key *key, zval *zv, int level)
{
	jc_params *p = w->params;
	ZVAL_DEREF(zv);
	switch (Z_TYPE_P(zv)) {
	case IS_NULL:
		JCX_ADD(jc_params_add_null, p, key->ptr, key->len);
	case IS_FALSE:
		JCX_ADD(jc_params_add_bool, p, key->ptr, key->len, false);
	case IS_TRUE:
		JCX_ADD(jc_params_add_bool, p, key->ptr, key->len, true);
	case IS_LONG:
		JCX_ADD(jc_params_add_int, p, key->ptr, key->len, (int64_t) Z_LVAL_P(zv));
	case IS_DOUBLE: /* as this process's http_build_query writes it: its precision */
		JCX_ADD(jc_params_add_float_precision, p, key->ptr, key->len, Z_DVAL_P(zv), w->precision);
	case IS_STRING:
		JCX_ADD(jc_params_add_str, p, key->ptr, key->len, Z_STRVAL_P(zv), Z_STRLEN_P(zv));
	case IS_ARRAY:
	case IS_OBJECT: {
		bool object = Z_TYPE_P(zv) == IS_OBJECT;
		HashTable *ht;
		zend_refcounted *guard;
		if (object) {
			zend_object *obj = Z_OBJ_P(zv);
			zend_string *why = jcx_refusal(obj);
			if (why != NULL) {
				int rc = jcx_refuse(w, ZSTR_VAL(why));
				zend_string_release(why);
				return rc;
			}
			ht = obj->handlers->get_properties(obj);
			guard = (zend_refcounted *) obj;
		} else {
			ht = Z_ARRVAL_P(zv);
			guard = (zend_refcounted *) ht;
		}
		if (level + 1 > JCX_MAX_DEPTH) {
			return jcx_refuse(w, "nests deeper than " ZEND_TOSTR(JCX_MAX_DEPTH) " levels (a reference cycle?)" JCX_PASS);
		}
		/* Recursion (an array holding a reference to itself, an object pointing back
		 * at itself) is refused, as json_encode refuses it. */
		bool guarded = !(GC_FLAGS(guard) & GC_IMMUTABLE);
		if (guarded) {
			if (GC_IS_RECURSIVE(guard)) {
				return jcx_refuse(w, "contains itself (a reference cycle?)" JCX_PASS);
			}
			GC_PROTECT_RECURSION(guard);
		}
		int rc = jc_params_begin(p, key->ptr, key->len, NULL);
		if (rc != JC_STATUS_OK) {
			rc = jc_params_begin(p, key->ptr, key->len, w->err); /* for the message */
		} else {
			rc = jcx_walk_table(w, ht, object, level + 1);
			if (rc == JC_STATUS_OK) {
				rc = jc_params_end(p, NULL);
				if (rc != JC_STATUS_OK) {
					rc = jc_params_end(p, w->err);
				}
			}
		}
		if (guarded) {
			GC_UNPROTECT_RECURSION(guard);
		}
		return rc;
	}
	case IS_RESOURCE:
		return jcx_refuse(w, "is a resource, which http_build_query does not send" JCX_PASS);
	default:
		return jcx_refuse(w, "has a type http_build_query does not send" JCX_PASS);
	}
}

/* Adds every entry of `ht`, its keys at path[level] (level 0: the top level). */
static int jcx_walk_table(jcx_walk *w, HashTable *ht, bool object, int level)
{
	zend_ulong index;
	zend_string *name;
	zval *zv;
	jcx_key *key = &w->path[level];
	ZEND_HASH_FOREACH_KEY_VAL_IND(ht, index, name, zv) {
		if (name != NULL) {
			/* Protected and private properties have mangled names starting with NUL;
			 * http_build_query leaves them out when called from outside the class. */
			if (object && ZSTR_LEN(name) > 0 && ZSTR_VAL(name)[0] == '\0') {
				continue;
			}
			key->ptr = ZSTR_VAL(name);
			key->len = ZSTR_LEN(name);
		} else {
			key->len = (size_t) snprintf(key->buf, sizeof key->buf, ZEND_LONG_FMT, (zend_long) index);
			key->ptr = key->buf;
		}
		w->depth = level;
		int rc = jcx_walk_value(w, key, zv, level);
		if (rc != JC_STATUS_OK) {
			return rc;
		}
	} ZEND_HASH_FOREACH_END();
	return JC_STATUS_OK;
}

/* Clears the shared builder and walks `params` into it. On failure the exception is
 * thrown and NULL returned. */
static jc_params *jcx_build(HashTable *params)
{
	jcx_walk w;
	w.params = jcx_params();
	w.err = jcx_err();
	/* PHP refuses precision settings below -1; larger ones print the same as 800. */
	w.precision = EG(precision) > 800 ? 800 : (int) EG(precision);
	w.depth = 0;
	bool guarded = !(GC_FLAGS(params) & GC_IMMUTABLE);
	if (guarded) {
		GC_PROTECT_RECURSION(params);
	}
	int rc = jcx_walk_table(&w, params, false, 0);
	if (guarded) {
		GC_UNPROTECT_RECURSION(params);
	}
	if (rc == JCX_THROWN) {
		return NULL;
	}
	if (rc != JC_STATUS_OK) {
		jcx_throw_status((jc_status) rc, NULL, 0);
		return NULL;
	}
	return w.params;
}

/* Decodes a JSON result libjustclick produced into return_value (arrays, big integers as
 * strings), frees it. */
static void jcx_return_json(zval *return_value, char *json, size_t len, const char *method, size_t method_len)
{
	zend_result ok = php_json_decode_ex(return_value, json, len,
		PHP_JSON_OBJECT_AS_ARRAY | PHP_JSON_BIGINT_AS_STRING, PHP_JSON_PARSER_DEFAULT_DEPTH);
	jc_string_free(json);
	if (ok == FAILURE) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		jcx_throw("JC_STATUS_BAD_RESPONSE", "the library returned a result PHP cannot decode", -1, 0,
			method, method_len);
	}
}

/* ------------------------------------------------------------ JustClick\Ext\Lib */

ZEND_METHOD(JustClick_Ext_Lib, version)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING(jc_version());
}

ZEND_METHOD(JustClick_Ext_Lib, apiLevel)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_LONG(PHP_JUSTCLICK_API_LEVEL);
}

ZEND_METHOD(JustClick_Ext_Lib, buildId)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING(PHP_JUSTCLICK_BUILD_ID);
}

ZEND_METHOD(JustClick_Ext_Lib, codeDescription)
{
	zend_long code;
	zend_string *method = NULL;
	bool russian;
	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_LONG(code)
		Z_PARAM_STR_OR_NULL(method)
		Z_PARAM_BOOL(russian)
	ZEND_PARSE_PARAMETERS_END();

	const char *text = jc_api_code_description(method != NULL ? ZSTR_VAL(method) : NULL,
		method != NULL ? ZSTR_LEN(method) : 0, (int64_t) code, russian);
	if (text == NULL) {
		RETURN_NULL();
	}
	RETURN_STRING(text);
}

ZEND_METHOD(JustClick_Ext_Lib, hash)
{
	HashTable *params;
	zend_string *login, *secret;
	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_ARRAY_HT(params)
		Z_PARAM_STR(login)
		Z_PARAM_STR(secret)
	ZEND_PARSE_PARAMETERS_END();

	jc_params *p = jcx_build(params);
	if (p == NULL) {
		RETURN_THROWS();
	}
	char hash[33];
	jc_status st = jc_params_get_hash(p, ZSTR_VAL(login), ZSTR_LEN(login), ZSTR_VAL(secret),
		ZSTR_LEN(secret), hash, NULL);
	if (st != JC_STATUS_OK) { /* again with the error slot, for the message (it is pure) */
		st = jc_params_get_hash(p, ZSTR_VAL(login), ZSTR_LEN(login), ZSTR_VAL(secret),
			ZSTR_LEN(secret), hash, JCX_G(err));
	}
	if (st != JC_STATUS_OK) {
		jcx_throw_status(st, NULL, 0);
		RETURN_THROWS();
	}
	RETURN_STRINGL(hash, 32);
}

ZEND_METHOD(JustClick_Ext_Lib, query)
{
	HashTable *params;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(params)
	ZEND_PARSE_PARAMETERS_END();

	jc_params *p = jcx_build(params);
	if (p == NULL) {
		RETURN_THROWS();
	}
	char *out = NULL;
	size_t len = 0;
	jc_status st = jc_params_build_query(p, &out, &len, JCX_G(err));
	if (st != JC_STATUS_OK) {
		jcx_throw_status(st, NULL, 0);
		RETURN_THROWS();
	}
	RETVAL_STRINGL(out, len);
	jc_string_free(out);
}

ZEND_METHOD(JustClick_Ext_Lib, checkHash)
{
	zend_string *response, *secret;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(response)
		Z_PARAM_STR(secret)
	ZEND_PARSE_PARAMETERS_END();

	jc_status st = jc_check_hash(ZSTR_VAL(response), ZSTR_LEN(response), ZSTR_VAL(secret),
		ZSTR_LEN(secret), jcx_err());
	if (st == JC_STATUS_OK) {
		RETURN_TRUE;
	}
	if (st == JC_STATUS_BAD_SIGNATURE) {
		RETURN_FALSE;
	}
	jcx_throw_status(st, NULL, 0);
	RETURN_THROWS();
}

ZEND_METHOD(JustClick_Ext_Lib, verifyNotification)
{
	zend_string *body, *secret;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(body)
		Z_PARAM_STR(secret)
	ZEND_PARSE_PARAMETERS_END();

	char *out = NULL;
	size_t len = 0;
	jc_status st = jc_verify_notification(ZSTR_VAL(body), ZSTR_LEN(body), ZSTR_VAL(secret),
		ZSTR_LEN(secret), &out, &len, jcx_err());
	if (st != JC_STATUS_OK) {
		jcx_throw_status(st, NULL, 0);
		RETURN_THROWS();
	}
	jcx_return_json(return_value, out, len, NULL, 0);
}

/* --------------------------------------------------------- JustClick\Ext\Client */

typedef struct {
	jc_client *client;
	zend_object std;
} jcx_client;

static inline jcx_client *jcx_client_of(zend_object *obj)
{
	return (jcx_client *) ((char *) obj - XtOffsetOf(jcx_client, std));
}

static zend_object *jcx_client_create(zend_class_entry *ce)
{
	jcx_client *c = zend_object_alloc(sizeof(jcx_client), ce);
	c->client = NULL;
	zend_object_std_init(&c->std, ce);
	object_properties_init(&c->std, ce);
	c->std.handlers = &jcx_client_handlers;
	return &c->std;
}

static void jcx_client_free(zend_object *obj)
{
	jcx_client *c = jcx_client_of(obj);
	jc_client_free(c->client);
	c->client = NULL;
	zend_object_std_dtor(obj);
}

static zend_object *jcx_client_clone(zend_object *old)
{
	zend_object *obj = jcx_client_create(old->ce);
	zend_objects_clone_members(obj, old);
	const jc_client *source = jcx_client_of(old)->client;
	if (source != NULL) {
		jcx_client_of(obj)->client = jc_client_clone(source);
		if (jcx_client_of(obj)->client == NULL) {
			zend_throw_error(NULL, "jc_client_clone failed");
		}
	}
	return obj;
}

/* The jc_client of $this, or NULL with an Error thrown. */
static const jc_client *jcx_this(zval *this_zv)
{
	const jc_client *client = jcx_client_of(Z_OBJ_P(this_zv))->client;
	if (client == NULL) {
		zend_throw_error(NULL, "JustClick\\Ext\\Client is not constructed");
	}
	return client;
}

ZEND_METHOD(JustClick_Ext_Client, __construct)
{
	zend_string *login, *secret, *options = NULL;
	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(login)
		Z_PARAM_STR(secret)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(options)
	ZEND_PARSE_PARAMETERS_END();

	jcx_client *c = jcx_client_of(Z_OBJ_P(ZEND_THIS));
	jc_client *client = NULL;
	jc_status st = jc_client_new(ZSTR_VAL(login), ZSTR_LEN(login), ZSTR_VAL(secret), ZSTR_LEN(secret),
		options != NULL ? ZSTR_VAL(options) : NULL, options != NULL ? ZSTR_LEN(options) : 0,
		&client, jcx_err());
	if (st != JC_STATUS_OK) {
		jcx_throw_status(st, NULL, 0);
		RETURN_THROWS();
	}
	jc_client_free(c->client); /* a second __construct call replaces the first client */
	c->client = client;
}

typedef jc_status (*jcx_params_call)(const jc_client *, const char *, size_t, const jc_params *,
	char **, size_t *, jc_error *);

/* invoke / call / callV2: the parameters walked into the shared jc_params, the verified
 * result decoded from the JSON libjustclick returns. */
static void jcx_call(INTERNAL_FUNCTION_PARAMETERS, jcx_params_call fn)
{
	zend_string *method;
	HashTable *params = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(method)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(params)
	ZEND_PARSE_PARAMETERS_END();

	const jc_client *client = jcx_this(ZEND_THIS);
	if (client == NULL) {
		RETURN_THROWS();
	}
	jc_params *p = params != NULL ? jcx_build(params) : jcx_params();
	if (p == NULL) {
		RETURN_THROWS();
	}
	char *out = NULL;
	size_t len = 0;
	jc_status st = fn(client, ZSTR_VAL(method), ZSTR_LEN(method), p, &out, &len, jcx_err());
	if (st != JC_STATUS_OK) {
		jcx_throw_status(st, ZSTR_VAL(method), ZSTR_LEN(method));
		RETURN_THROWS();
	}
	jcx_return_json(return_value, out, len, ZSTR_VAL(method), ZSTR_LEN(method));
}

ZEND_METHOD(JustClick_Ext_Client, call)
{
	jcx_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, jc_call_params);
}

ZEND_METHOD(JustClick_Ext_Client, callV2)
{
	jcx_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, jc_call_v2_params);
}

ZEND_METHOD(JustClick_Ext_Client, invoke)
{
	jcx_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, jc_invoke_params);
}

ZEND_METHOD(JustClick_Ext_Client, invokeTyped)
{
	jcx_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, jc_invoke_typed_params);
}

ZEND_METHOD(JustClick_Ext_Client, deleteSubscribe)
{
	zend_string *email, *group;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(email)
		Z_PARAM_STR(group)
	ZEND_PARSE_PARAMETERS_END();

	const jc_client *client = jcx_this(ZEND_THIS);
	if (client == NULL) {
		RETURN_THROWS();
	}
	jc_status st = jc_delete_subscribe(client, ZSTR_VAL(email), ZSTR_LEN(email), ZSTR_VAL(group),
		ZSTR_LEN(group), jcx_err());
	if (st != JC_STATUS_OK) {
		jcx_throw_status(st, "DeleteSubscribe", sizeof("DeleteSubscribe") - 1);
		RETURN_THROWS();
	}
}

/* ------------------------------------------------------------------ module */

static PHP_GINIT_FUNCTION(justclick)
{
#if defined(COMPILE_DL_JUSTCLICK) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	justclick_globals->err = NULL;
	justclick_globals->params = NULL;
}

static PHP_GSHUTDOWN_FUNCTION(justclick)
{
	jc_error_free(justclick_globals->err);
	jc_params_free(justclick_globals->params);
	justclick_globals->err = NULL;
	justclick_globals->params = NULL;
}

static PHP_MINIT_FUNCTION(justclick)
{
	jcx_lib_ce = register_class_JustClick_Ext_Lib();
	jcx_client_ce = register_class_JustClick_Ext_Client();
	jcx_client_ce->create_object = jcx_client_create;
	memcpy(&jcx_client_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
	jcx_client_handlers.offset = XtOffsetOf(jcx_client, std);
	jcx_client_handlers.free_obj = jcx_client_free;
	jcx_client_handlers.clone_obj = jcx_client_clone;
	jcx_error_ce = register_class_JustClick_Ext_Error(spl_ce_RuntimeException);
	return SUCCESS;
}

static PHP_MINFO_FUNCTION(justclick)
{
	php_info_print_table_start();
	php_info_print_table_row(2, "JustClick support", "enabled");
	php_info_print_table_row(2, "Extension version", PHP_JUSTCLICK_VERSION);
	php_info_print_table_row(2, "API level", ZEND_TOSTR(PHP_JUSTCLICK_API_LEVEL));
	php_info_print_table_row(2, "Build id", PHP_JUSTCLICK_BUILD_ID);
	php_info_print_table_row(2, "libjustclick version", jc_version());
	php_info_print_table_row(2, "libjustclick linking", "static");
	php_info_print_table_end();
}

static const zend_module_dep justclick_deps[] = {
	ZEND_MOD_REQUIRED("date")
	ZEND_MOD_REQUIRED("json")
	ZEND_MOD_REQUIRED("spl")
	ZEND_MOD_END
};

zend_module_entry justclick_module_entry = {
	STANDARD_MODULE_HEADER_EX,
	NULL,
	justclick_deps,
	"justclick",
	NULL, /* functions: everything is in the JustClick\Ext classes */
	PHP_MINIT(justclick),
	NULL,
	NULL,
	NULL,
	PHP_MINFO(justclick),
	PHP_JUSTCLICK_VERSION,
	PHP_MODULE_GLOBALS(justclick),
	PHP_GINIT(justclick),
	PHP_GSHUTDOWN(justclick),
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_JUSTCLICK
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(justclick)
#endif
