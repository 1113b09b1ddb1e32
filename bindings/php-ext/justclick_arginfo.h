/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: d8981ec7f142afd5398fd69f44429db726b94657 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_JustClick_Ext_Lib_version, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_JustClick_Ext_Lib_apiLevel, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_JustClick_Ext_Lib_buildId arginfo_class_JustClick_Ext_Lib_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_JustClick_Ext_Lib_codeDescription, 0, 3, IS_STRING, 1)
	ZEND_ARG_TYPE_INFO(0, code, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, method, IS_STRING, 1)
	ZEND_ARG_TYPE_INFO(0, russian, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_JustClick_Ext_Lib_hash, 0, 3, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, params, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, login, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, secret, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_JustClick_Ext_Lib_query, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, params, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_JustClick_Ext_Lib_checkHash, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, response, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, secret, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_JustClick_Ext_Lib_verifyNotification, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, secret, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_JustClick_Ext_Client___construct, 0, 0, 2)
	ZEND_ARG_TYPE_INFO(0, login, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, secret, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_JustClick_Ext_Client_call, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, method, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_JustClick_Ext_Client_callV2 arginfo_class_JustClick_Ext_Client_call

#define arginfo_class_JustClick_Ext_Client_invoke arginfo_class_JustClick_Ext_Client_call

#define arginfo_class_JustClick_Ext_Client_invokeTyped arginfo_class_JustClick_Ext_Client_call

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_JustClick_Ext_Client_deleteSubscribe, 0, 2, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, leadEmail, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, rassName, IS_STRING, 0)
ZEND_END_ARG_INFO()


ZEND_METHOD(JustClick_Ext_Lib, version);
ZEND_METHOD(JustClick_Ext_Lib, apiLevel);
ZEND_METHOD(JustClick_Ext_Lib, buildId);
ZEND_METHOD(JustClick_Ext_Lib, codeDescription);
ZEND_METHOD(JustClick_Ext_Lib, hash);
ZEND_METHOD(JustClick_Ext_Lib, query);
ZEND_METHOD(JustClick_Ext_Lib, checkHash);
ZEND_METHOD(JustClick_Ext_Lib, verifyNotification);
ZEND_METHOD(JustClick_Ext_Client, __construct);
ZEND_METHOD(JustClick_Ext_Client, call);
ZEND_METHOD(JustClick_Ext_Client, callV2);
ZEND_METHOD(JustClick_Ext_Client, invoke);
ZEND_METHOD(JustClick_Ext_Client, invokeTyped);
ZEND_METHOD(JustClick_Ext_Client, deleteSubscribe);


static const zend_function_entry class_JustClick_Ext_Lib_methods[] = {
	ZEND_ME(JustClick_Ext_Lib, version, arginfo_class_JustClick_Ext_Lib_version, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(JustClick_Ext_Lib, apiLevel, arginfo_class_JustClick_Ext_Lib_apiLevel, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(JustClick_Ext_Lib, buildId, arginfo_class_JustClick_Ext_Lib_buildId, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(JustClick_Ext_Lib, codeDescription, arginfo_class_JustClick_Ext_Lib_codeDescription, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(JustClick_Ext_Lib, hash, arginfo_class_JustClick_Ext_Lib_hash, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(JustClick_Ext_Lib, query, arginfo_class_JustClick_Ext_Lib_query, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(JustClick_Ext_Lib, checkHash, arginfo_class_JustClick_Ext_Lib_checkHash, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(JustClick_Ext_Lib, verifyNotification, arginfo_class_JustClick_Ext_Lib_verifyNotification, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_JustClick_Ext_Client_methods[] = {
	ZEND_ME(JustClick_Ext_Client, __construct, arginfo_class_JustClick_Ext_Client___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(JustClick_Ext_Client, call, arginfo_class_JustClick_Ext_Client_call, ZEND_ACC_PUBLIC)
	ZEND_ME(JustClick_Ext_Client, callV2, arginfo_class_JustClick_Ext_Client_callV2, ZEND_ACC_PUBLIC)
	ZEND_ME(JustClick_Ext_Client, invoke, arginfo_class_JustClick_Ext_Client_invoke, ZEND_ACC_PUBLIC)
	ZEND_ME(JustClick_Ext_Client, invokeTyped, arginfo_class_JustClick_Ext_Client_invokeTyped, ZEND_ACC_PUBLIC)
	ZEND_ME(JustClick_Ext_Client, deleteSubscribe, arginfo_class_JustClick_Ext_Client_deleteSubscribe, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_JustClick_Ext_Error_methods[] = {
	ZEND_FE_END
};

static zend_class_entry *register_class_JustClick_Ext_Lib(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "JustClick\\Ext", "Lib", class_JustClick_Ext_Lib_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;
#if (PHP_VERSION_ID >= 80200)


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "hash", sizeof("hash") - 1), 2, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "checkhash", sizeof("checkhash") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "verifynotification", sizeof("verifynotification") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);
#endif

	return class_entry;
}

static zend_class_entry *register_class_JustClick_Ext_Client(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "JustClick\\Ext", "Client", class_JustClick_Ext_Client_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;
#if (PHP_VERSION_ID >= 80200)


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "__construct", sizeof("__construct") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);
#endif

	return class_entry;
}

static zend_class_entry *register_class_JustClick_Ext_Error(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "JustClick\\Ext", "Error", class_JustClick_Ext_Error_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	zval property_status_default_value;
	ZVAL_EMPTY_STRING(&property_status_default_value);
	zend_string *property_status_name = zend_string_init("status", sizeof("status") - 1, 1);
	zend_declare_typed_property(class_entry, property_status_name, &property_status_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_status_name);

	zval property_apiCode_default_value;
	ZVAL_LONG(&property_apiCode_default_value, -1);
	zend_string *property_apiCode_name = zend_string_init("apiCode", sizeof("apiCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_apiCode_name, &property_apiCode_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_apiCode_name);

	zval property_httpStatus_default_value;
	ZVAL_LONG(&property_httpStatus_default_value, 0);
	zend_string *property_httpStatus_name = zend_string_init("httpStatus", sizeof("httpStatus") - 1, 1);
	zend_declare_typed_property(class_entry, property_httpStatus_name, &property_httpStatus_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_httpStatus_name);

	zval property_method_default_value;
	ZVAL_NULL(&property_method_default_value);
	zend_string *property_method_name = zend_string_init("method", sizeof("method") - 1, 1);
	zend_declare_typed_property(class_entry, property_method_name, &property_method_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_method_name);

	return class_entry;
}
