/*
 * The subset of UEFI that pairguard's EFI entry uses, written from the UEFI
 * specification 2.10: the system table (4.3), boot services (4.4), runtime
 * services (4.5), configuration table (4.6), memory map (7.2), the loaded
 * image protocol (9.1) and the text output protocol (12.4).  Only the
 * members up to the last one pairguard calls are declared; the offsets are
 * pinned below.
 *
 * Calling convention: on AArch64 the UEFI convention is the AAPCS64
 * (spec 2.3.6), the compiler's own, so no attribute is needed; the host
 * tests' fake tables are plain host functions.
 */
#ifndef PG_EFI_EFI_H
#define PG_EFI_EFI_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t efi_status;
typedef void *efi_handle;
typedef uint16_t efi_char16;

/* Appendix D: error codes have the top bit set. */
#define EFI_ERR(n)	      (((efi_status)1 << 63) | (n))
#define EFI_SUCCESS	      ((efi_status)0)
#define EFI_LOAD_ERROR	      EFI_ERR(1)
#define EFI_INVALID_PARAMETER EFI_ERR(2)
#define EFI_UNSUPPORTED	      EFI_ERR(3)
#define EFI_BUFFER_TOO_SMALL  EFI_ERR(5)
#define EFI_OUT_OF_RESOURCES  EFI_ERR(9)
#define EFI_NOT_FOUND	      EFI_ERR(14)

typedef struct efi_guid {
	uint32_t d1;
	uint16_t d2, d3;
	uint8_t d4[8];
} efi_guid;

typedef struct efi_table_header {
	uint64_t signature;
	uint32_t revision;
	uint32_t header_size;
	uint32_t crc32;
	uint32_t reserved;
} efi_table_header;

#define EFI_SYSTEM_TABLE_SIGNATURE  0x5453595320494249ull /* "IBI SYST" */
#define EFI_BOOT_SERVICES_SIGNATURE 0x56524553544f4f42ull /* "BOOTSERV" */

/* 7.2: memory types and the descriptor.  The firmware's descriptor may be
 * larger than this one: step through a map by its descriptor_size. */
enum efi_memory_type {
	EFI_RESERVED_MEMORY = 0,
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BOOT_SERVICES_CODE = 3,
	EFI_BOOT_SERVICES_DATA = 4,
	EFI_RUNTIME_SERVICES_CODE = 5,
	EFI_RUNTIME_SERVICES_DATA = 6,
	EFI_CONVENTIONAL_MEMORY = 7,
	EFI_UNUSABLE_MEMORY = 8,
	EFI_ACPI_RECLAIM_MEMORY = 9,
	EFI_ACPI_MEMORY_NVS = 10,
	EFI_MEMORY_MAPPED_IO = 11,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE = 12,
	EFI_PAL_CODE = 13,
	EFI_PERSISTENT_MEMORY = 14,
};

#define EFI_MEMORY_WB (1ull << 3) /* write-back cacheable: RAM */
#define EFI_PAGE_SIZE 4096u

typedef struct efi_memory_descriptor {
	uint32_t type;
	uint64_t physical_start;
	uint64_t virtual_start;
	uint64_t number_of_pages;
	uint64_t attribute;
} efi_memory_descriptor;

enum efi_allocate_type { EFI_ALLOCATE_ANY_PAGES, EFI_ALLOCATE_MAX_ADDRESS, EFI_ALLOCATE_ADDRESS };

typedef struct efi_boot_services {
	efi_table_header hdr;
	void *raise_tpl, *restore_tpl;
	efi_status (*allocate_pages)(int type, int memory_type, uint64_t pages, uint64_t *addr);
	efi_status (*free_pages)(uint64_t addr, uint64_t pages);
	efi_status (*get_memory_map)(uint64_t *map_size, efi_memory_descriptor *map,
				     uint64_t *map_key, uint64_t *descriptor_size,
				     uint32_t *descriptor_version);
	void *allocate_pool, *free_pool;
	void *create_event, *set_timer, *wait_for_event, *signal_event, *close_event, *check_event;
	void *install_protocol_interface, *reinstall_protocol_interface,
		*uninstall_protocol_interface;
	efi_status (*handle_protocol)(efi_handle handle, const efi_guid *protocol, void **iface);
	void *reserved, *register_protocol_notify, *locate_handle, *locate_device_path,
		*install_configuration_table;
	void *load_image, *start_image, *exit, *unload_image;
	efi_status (*exit_boot_services)(efi_handle image, uint64_t map_key);
	/* GetNextMonotonicCount and the rest: not used. */
} efi_boot_services;

enum efi_reset_type { EFI_RESET_COLD, EFI_RESET_WARM, EFI_RESET_SHUTDOWN };

typedef struct efi_runtime_services {
	efi_table_header hdr;
	void *get_time, *set_time, *get_wakeup_time, *set_wakeup_time;
	void *set_virtual_address_map, *convert_pointer;
	void *get_variable, *get_next_variable_name, *set_variable;
	void *get_next_high_monotonic_count;
	void (*reset_system)(int type, efi_status status, uint64_t size, const void *data);
} efi_runtime_services;

typedef struct efi_simple_text_output {
	void *reset;
	efi_status (*output_string)(struct efi_simple_text_output *self, const efi_char16 *s);
	/* The rest: not used. */
} efi_simple_text_output;

typedef struct efi_configuration_table {
	efi_guid vendor_guid;
	void *vendor_table;
} efi_configuration_table;

typedef struct efi_system_table {
	efi_table_header hdr;
	const efi_char16 *firmware_vendor;
	uint32_t firmware_revision;
	efi_handle console_in_handle;
	void *con_in;
	efi_handle console_out_handle;
	efi_simple_text_output *con_out;
	efi_handle standard_error_handle;
	efi_simple_text_output *std_err;
	efi_runtime_services *runtime_services;
	efi_boot_services *boot_services;
	uint64_t number_of_table_entries;
	efi_configuration_table *configuration_table;
} efi_system_table;

/* 9.1 */
typedef struct efi_loaded_image {
	uint32_t revision;
	efi_handle parent_handle;
	efi_system_table *system_table;
	efi_handle device_handle;
	void *file_path;
	void *reserved;
	uint32_t load_options_size; /* in bytes */
	void *load_options;
	void *image_base;
	uint64_t image_size;
	int image_code_type, image_data_type;
	void *unload;
} efi_loaded_image;

/* The GUIDs (4.6, 9.1; the device tree's from the UEFI spec's list of
 * industry-standard configuration tables). */
#define EFI_LOADED_IMAGE_PROTOCOL_GUID                                                             \
	{                                                                                          \
		0x5b1b31a1, 0x9562, 0x11d2,                                                        \
		{                                                                                  \
			0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b                             \
		}                                                                                  \
	}
#define EFI_DTB_TABLE_GUID                                                                         \
	{                                                                                          \
		0xb1b621d5, 0xf19c, 0x41a5,                                                        \
		{                                                                                  \
			0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0                             \
		}                                                                                  \
	}
#define EFI_ACPI_20_TABLE_GUID                                                                     \
	{                                                                                          \
		0x8868e871, 0xe4f1, 0x11d3,                                                        \
		{                                                                                  \
			0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81                             \
		}                                                                                  \
	}

/* The layout this code relies on (LP64: AArch64, and the host tests). */
_Static_assert(offsetof(efi_system_table, con_out) == 64, "EFI_SYSTEM_TABLE.ConOut");
_Static_assert(offsetof(efi_system_table, runtime_services) == 88, "EFI_SYSTEM_TABLE.RT");
_Static_assert(offsetof(efi_system_table, boot_services) == 96, "EFI_SYSTEM_TABLE.BS");
_Static_assert(offsetof(efi_system_table, configuration_table) == 112,
	       "EFI_SYSTEM_TABLE.ConfigurationTable");
_Static_assert(offsetof(efi_boot_services, allocate_pages) == 40, "BS.AllocatePages");
_Static_assert(offsetof(efi_boot_services, get_memory_map) == 56, "BS.GetMemoryMap");
_Static_assert(offsetof(efi_boot_services, handle_protocol) == 152, "BS.HandleProtocol");
_Static_assert(offsetof(efi_boot_services, exit_boot_services) == 232, "BS.ExitBootServices");
_Static_assert(offsetof(efi_runtime_services, reset_system) == 104, "RT.ResetSystem");
_Static_assert(offsetof(efi_loaded_image, load_options_size) == 48, "LoadOptionsSize");
_Static_assert(offsetof(efi_loaded_image, load_options) == 56, "LoadOptions");
_Static_assert(sizeof(efi_memory_descriptor) == 40, "EFI_MEMORY_DESCRIPTOR");
_Static_assert(sizeof(efi_configuration_table) == 24, "EFI_CONFIGURATION_TABLE");

#endif
