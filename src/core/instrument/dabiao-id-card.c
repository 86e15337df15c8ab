/* dabiao-id-card.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-id-card.h"
#include "dabiao-standard.h"

/* The text block, in UCS-2 characters per field, in order.  The last 18
 * characters are reserved (newer cards put a later address there). */
typedef enum
{
  F_NAME, F_SEX, F_NATION, F_BIRTH, F_ADDRESS, F_NUMBER, F_AUTHORITY, F_FROM, F_TO, N_FIELDS
} Field;

static const guint field_chars[N_FIELDS] = { 15, 1, 2, 8, 35, 18, 15, 8, 8 };

static char **
field_slot (DabiaoIdCard *card,
            Field         f)
{
  switch (f)
    {
    case F_NAME: return &card->name;
    case F_SEX: return &card->sex_code;
    case F_NATION: return &card->nation_code;
    case F_BIRTH: return &card->birth;
    case F_ADDRESS: return &card->address;
    case F_NUMBER: return &card->number;
    case F_AUTHORITY: return &card->authority;
    case F_FROM: return &card->valid_from;
    case F_TO: return &card->valid_to;
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}


DabiaoIdCard *
dabiao_id_card_new_from_text (const guint8  *text,
                              gsize          len,
                              GError       **error)
{
  g_autoptr(DabiaoIdCard) card = g_new0 (DabiaoIdCard, 1);
  gsize pos = 0;

  if (len < DABIAO_ID_CARD_TEXT_SIZE)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("The card’s text is %lu bytes long; %u were expected"),
                   (unsigned long) len, DABIAO_ID_CARD_TEXT_SIZE);
      return NULL;
    }
  for (Field f = 0; f < N_FIELDS; f++)
    {
      gunichar2 units[35];
      g_autoptr(GError) local = NULL;
      char *utf8;

      for (guint i = 0; i < field_chars[f]; i++, pos += 2)
        units[i] = (gunichar2) (text[pos] | (text[pos + 1] << 8));
      utf8 = g_utf16_to_utf8 (units, field_chars[f], NULL, NULL, &local);
      if (utf8 == NULL)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("The card’s text is damaged (field %u of %u): %s"), (guint) f + 1, (guint) N_FIELDS,
                   local->message);
          return NULL;
        }
      /* Padding is spaces; some readers pad with NUL. */
      for (gsize n = strlen (utf8); n > 0 && (utf8[n - 1] == ' ' || utf8[n - 1] == '\0'); n--)
        utf8[n - 1] = '\0';
      *field_slot (card, f) = utf8;
    }
  if (card->name[0] == '\0' || card->number[0] == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("The card’s text has no name or no identity number"));
      return NULL;
    }
  return g_steal_pointer (&card);
}

GBytes *
dabiao_id_card_to_text (const DabiaoIdCard *card)
{
  guint8 *text = g_malloc (DABIAO_ID_CARD_TEXT_SIZE);
  gsize pos = 0;

  for (gsize i = 0; i < DABIAO_ID_CARD_TEXT_SIZE; i += 2)
    {
      text[i] = ' ';
      text[i + 1] = 0;
    }
  for (Field f = 0; f < N_FIELDS; f++)
    {
      const char *value = *field_slot ((DabiaoIdCard *) card, f);
      glong n = 0;
      g_autofree gunichar2 *units = value ? g_utf8_to_utf16 (value, -1, NULL, &n, NULL) : NULL;

      for (glong i = 0; units && i < MIN (n, (glong) field_chars[f]); i++)
        {
          text[pos + 2 * i] = units[i] & 0xFF;
          text[pos + 2 * i + 1] = units[i] >> 8;
        }
      pos += 2 * field_chars[f];
    }
  return g_bytes_new_take (text, DABIAO_ID_CARD_TEXT_SIZE);
}

DabiaoIdCard *
dabiao_id_card_copy (const DabiaoIdCard *card)
{
  DabiaoIdCard *copy = g_new0 (DabiaoIdCard, 1);

  for (Field f = 0; f < N_FIELDS; f++)
    *field_slot (copy, f) = g_strdup (*field_slot ((DabiaoIdCard *) card, f));
  return copy;
}

void
dabiao_id_card_free (DabiaoIdCard *card)
{
  if (card == NULL)
    return;
  for (Field f = 0; f < N_FIELDS; f++)
    g_free (*field_slot (card, f));
  g_free (card);
}

char *
dabiao_id_card_to_string (const DabiaoIdCard *card)
{
  const char *sex = g_strcmp0 (card->sex_code, "1") == 0 ? dabiao_sex_to_string (DABIAO_SEX_MALE)
                    : g_strcmp0 (card->sex_code, "2") == 0 ? dabiao_sex_to_string (DABIAO_SEX_FEMALE) : "?";
  const char *nation = dabiao_nation_name (card->nation_code);
  GString *s = g_string_new (card->name);

  g_string_append_printf (s, " %s", sex);
  if (card->birth && strlen (card->birth) == 8)
    g_string_append_printf (s, " %.4s-%.2s-%.2s", card->birth, card->birth + 4, card->birth + 6);
  else
    g_string_append_printf (s, " %s", card->birth ? card->birth : "?");
  g_string_append_printf (s, " %s", card->number);
  if (nation)
    g_string_append_printf (s, " %s", nation);
  return g_string_free (s, FALSE);
}

/* Frames ----------------------------------------------------------------- */

static GBytes *
sam_frame (const guint8 *body,
           gsize         len)
{
  GByteArray *f = g_byte_array_sized_new (8 + len);
  static const guint8 preamble[5] = { 0xAA, 0xAA, 0xAA, 0x96, 0x69 };
  guint8 head[2] = { (len + 1) >> 8, (len + 1) & 0xFF };
  guint8 sum = head[0] ^ head[1];

  for (gsize i = 0; i < len; i++)
    sum ^= body[i];
  g_byte_array_append (f, preamble, 5);
  g_byte_array_append (f, head, 2);
  g_byte_array_append (f, body, len);
  g_byte_array_append (f, &sum, 1);
  return g_byte_array_free_to_bytes (f);
}

GBytes *
dabiao_sam_command (guint8 cmd,
                    guint8 para)
{
  guint8 body[2] = { cmd, para };

  return sam_frame (body, 2);
}

GBytes *
dabiao_sam_answer (guint8        sw3,
                   const guint8 *data,
                   gsize         len)
{
  g_autofree guint8 *body = g_malloc (3 + len);

  body[0] = 0x00;
  body[1] = 0x00;
  body[2] = sw3;
  if (len > 0)
    memcpy (body + 3, data, len);
  return sam_frame (body, 3 + len);
}
